"""The owner token lives in the OS keyring, one per data dir, never in a file we write."""

import os
from pathlib import Path

import keyring
from keyring.errors import KeyringError, NoKeyringError

from rapport.services.clients import new_token

SERVICE = "rapport"


class KeyringUnavailable(RuntimeError):
    """No usable keyring: say how to get one rather than fall back to a plaintext file."""

    def __init__(self, error: Exception):
        super().__init__(
            f"no usable OS keyring ({type(error).__name__}: {error}); unlock or start a "
            "Secret Service (e.g. gnome-keyring), or choose a backend with "
            "PYTHON_KEYRING_BACKEND"
        )


def _account(data_dir: Path) -> str:
    return f"owner-token:{os.path.realpath(data_dir)}"


def read_owner_token(data_dir: Path) -> str | None:
    try:
        return keyring.get_password(SERVICE, _account(data_dir))
    except (KeyringError, NoKeyringError, RuntimeError) as error:
        raise KeyringUnavailable(error) from None


def ensure_owner_token(data_dir: Path, *, rotate: bool = False) -> str:
    token = None if rotate else read_owner_token(data_dir)
    if token:
        return token
    token = new_token()
    try:
        keyring.set_password(SERVICE, _account(data_dir), token)
    except (KeyringError, NoKeyringError, RuntimeError) as error:
        raise KeyringUnavailable(error) from None
    return token
