"""The owner token in a real Secret Service (gnome-keyring), one per data dir.

scripts/test runs the suite inside `dbus-run-session` with an unlocked gnome-keyring when both
are installed (CI installs them), and sets RAPPORT_SECRET_SERVICE=1.
"""

import os
import subprocess

import pytest

from tests.daemon import run_rapport, start_daemon

pytestmark = pytest.mark.skipif(
    os.environ.get("RAPPORT_SECRET_SERVICE") != "1",
    reason="needs gnome-keyring and dbus-run-session: run the suite through scripts/test",
)


@pytest.fixture
def secret_service(monkeypatch):
    """Let keyring pick its backend itself, as it would on the user's desktop."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


def secret_tool_lookup(data_dir) -> str:
    result = subprocess.run(
        [
            "secret-tool",
            "lookup",
            "service",
            "rapport",
            "username",
            f"owner-token:{os.path.realpath(data_dir)}",
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return result.stdout.strip()


def test_owner_token_is_created_in_the_secret_service_and_used_by_the_cli(secret_service, tmp_path):
    daemon = start_daemon(tmp_path)
    try:
        token = secret_tool_lookup(tmp_path)
        assert token.startswith("rpt_")
        files = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert not any(token in p.read_text(errors="ignore") for p in files)
        status = run_rapport(
            "status", "--json", "--port", str(daemon.port), "--data-dir", str(tmp_path)
        )
        assert status.returncode == 0, status.stderr
    finally:
        daemon.stop()


def test_two_data_dirs_never_share_an_owner_token(secret_service, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for data_dir in (first, second):
        start_daemon(data_dir).stop()
    assert secret_tool_lookup(first) != secret_tool_lookup(second)


def test_rotating_the_owner_token_replaces_it_in_the_secret_service(secret_service, tmp_path):
    daemon = start_daemon(tmp_path)
    try:
        before = secret_tool_lookup(tmp_path)
        rotated = run_rapport(
            "token", "rotate-owner", "--port", str(daemon.port), "--data-dir", str(tmp_path)
        )
        assert rotated.returncode == 0, rotated.stderr
        after = secret_tool_lookup(tmp_path)
        assert after != before and after.startswith("rpt_")
        old = run_rapport(
            "status",
            "--port",
            str(daemon.port),
            "--data-dir",
            str(tmp_path),
            env={"RAPPORT_TOKEN": before},
        )
        assert old.returncode == 2 and "not valid" in old.stderr
        new = run_rapport("status", "--port", str(daemon.port), "--data-dir", str(tmp_path))
        assert new.returncode == 0, new.stderr
    finally:
        daemon.stop()


def test_a_locked_out_keyring_exits_2_naming_the_fix(tmp_path):
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run_rapport("serve", "--port", "0", "--data-dir", str(tmp_path), env=env)
    assert result.returncode == 2
    assert "Secret Service" in result.stderr and "PYTHON_KEYRING_BACKEND" in result.stderr
