"""Settings: defaults in code, then the TOML file, then environment, then command-line flags."""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import platformdirs

APP_NAME = "rapport"
DEFAULT_PORT = 27277


class ConfigError(ValueError):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Config:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    data_dir: Path = field(default_factory=lambda: platformdirs.user_data_path(APP_NAME))
    log_level: str = "INFO"
    # Bodies above this are refused before they are read (import routes have their own bound).
    max_body_bytes: int = 8 * 1024 * 1024
    max_import_bytes: int = 1024 * 1024 * 1024


def config_file_path(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if "RAPPORT_CONFIG" in env:
        return Path(env["RAPPORT_CONFIG"])
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def load_config(env: dict[str, str] | None = None, **flags) -> Config:
    """Build the Config; `flags` are command-line values, None meaning "not given"."""
    env = os.environ if env is None else env
    config = Config()
    path = config_file_path(env)
    if path.exists():
        config = _apply(config, _read_toml(path), str(path))
    from_env = {"port": env.get("RAPPORT_PORT"), "data_dir": env.get("RAPPORT_DATA_DIR")}
    config = _apply(config, {k: v for k, v in from_env.items() if v}, "the environment")
    return _apply(config, {k: v for k, v in flags.items() if v is not None}, "the command line")


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read config file {path}: {error}") from None


def _apply(config: Config, values: dict, origin: str) -> Config:
    known = {f.name: f for f in fields(Config)}
    changes = {}
    for name, value in values.items():
        if name not in known:
            raise ConfigError(f"unknown setting {name!r} in {origin}")
        changes[name] = _coerce(name, value, origin)
    return replace(config, **changes)


def _coerce(name: str, value, origin: str):
    if name == "data_dir":
        return Path(value).expanduser()
    if name in ("port", "max_body_bytes", "max_import_bytes"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} in {origin} must be a number, not {value!r}") from None
        if name == "port" and not 0 <= number <= 65535:
            raise ConfigError(f"port in {origin} must be between 0 and 65535, not {number}")
        return number
    return str(value)
