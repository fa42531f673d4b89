"""Settings: defaults in code, then the TOML file, then environment, then command-line flags."""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import platformdirs

APP_NAME = "rapport"
DEFAULT_PORT = 27277
# Keep-in-touch days for people without their own keep_in_touch_days, by tag (the shortest of
# a person's tags wins). A `[cadence_by_tag]` table in the config file replaces this one.
DEFAULT_CADENCE_BY_TAG = {"inner-circle": 14, "mentor": 30, "sponsor": 30, "decision-maker": 60}
# Tags that mark the people who speak for you (at a promotion panel): first when lapsed.
DEFAULT_INFLUENCE_TAGS = ("sponsor", "mentor", "decision-maker")


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
    backup_keep: int = 7  # automatic backups kept in <data dir>/backups
    backup_every_hours: int = 24
    # Calendars: the window an import keeps (days around now), how often sources are re-read
    # (0: never on a schedule), how long one fetch may take, and the zone of floating and
    # all-day events ("": this computer's zone).
    calendar_days_back: int = 1
    calendar_days_ahead: int = 60
    calendar_refresh_minutes: int = 15
    calendar_timeout_seconds: int = 30
    calendar_timezone: str = ""
    cadence_by_tag: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE_BY_TAG))
    influence_tags: tuple[str, ...] = DEFAULT_INFLUENCE_TAGS


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
        changes[name] = _coerce(name, known[name].type, value, origin)
    return replace(config, **changes)


def _coerce(name: str, kind, value, origin: str):
    """Turn a TOML, environment or flag value into the field's type, or say what is wrong."""
    if name == "data_dir":
        return Path(value).expanduser()
    if name == "cadence_by_tag":
        return _cadences(value, origin)
    if name == "influence_tags":
        if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
            raise ConfigError(f"influence_tags in {origin} must be a list of tags")
        return tuple(tag.lower() for tag in value)
    if kind in (int, "int"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} in {origin} must be a number, not {value!r}") from None
        if name == "port" and not 0 <= number <= 65535:
            raise ConfigError(f"port in {origin} must be between 0 and 65535, not {number}")
        if name != "port" and number < 0:
            raise ConfigError(f"{name} in {origin} must not be negative, not {number}")
        return number
    if kind in (str, "str"):
        return str(value)
    return value  # tables and lists from the TOML file, e.g. cadences by tag


def _cadences(value, origin: str) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ConfigError(f"cadence_by_tag in {origin} must be a table of tag = days")
    cadences = {}
    for tag, days in value.items():
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650:
            raise ConfigError(
                f"cadence_by_tag.{tag} in {origin} must be a whole number of days from 1 to 3650"
            )
        cadences[tag.lower()] = days
    return cadences
