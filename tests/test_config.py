"""Settings precedence: defaults, then the TOML file, then environment, then flags."""

from pathlib import Path

import pytest

from rapport.config import DEFAULT_PORT, ConfigError, load_config


def test_defaults_use_the_user_data_dir(isolated_home):
    config = load_config(env={})
    assert config.port == DEFAULT_PORT and config.host == "127.0.0.1"
    assert config.data_dir == isolated_home / "data" / "rapport"


def test_file_then_env_then_flags(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text('port = 28000\ndata_dir = "~/from-file"\n')
    env = {"RAPPORT_CONFIG": str(file)}
    from_file = load_config(env=env)
    assert from_file.port == 28000 and from_file.data_dir == Path("~/from-file").expanduser()
    from_env = load_config(env={**env, "RAPPORT_PORT": "28001"})
    assert from_env.port == 28001 and from_env.data_dir == from_file.data_dir
    from_flags = load_config(env={**env, "RAPPORT_PORT": "28001"}, port=28002, data_dir=tmp_path)
    assert (from_flags.port, from_flags.data_dir) == (28002, tmp_path)


def test_the_config_file_is_found_in_the_user_config_dir(isolated_home):
    path = isolated_home / "config" / "rapport" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("port = 28100\n")
    try:
        assert load_config(env={}).port == 28100
    finally:
        path.unlink()


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ("port = [", {}, "cannot read config file"),
        ("colour = 'blue'", {}, "unknown setting 'colour'"),
        ("port = 'high'", {}, "port in"),
        ("", {"RAPPORT_PORT": "70000"}, "between 0 and 65535"),
    ],
)
def test_bad_settings_say_what_to_fix(tmp_path, content, env, message):
    file = tmp_path / "config.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(env={"RAPPORT_CONFIG": str(file), **env})
