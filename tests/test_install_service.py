"""`rapport install-service` writes a service file under HOME and runs nothing."""

import json
import os
import plistlib
import sys

from tests.daemon import run_rapport


def install(home, *args, xdg_config=None):
    env = {"HOME": str(home), "XDG_CONFIG_HOME": xdg_config or "", "RAPPORT_CONFIG": "/nonexistent"}
    return run_rapport("install-service", *args, env=env)


def test_systemd_unit_runs_this_python_with_the_port_and_data_dir(tmp_path):
    home = tmp_path / "home"
    data = tmp_path / "my data"
    result = install(home, "--manager", "systemd", "--port", "27300", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    unit = home / ".config/systemd/user/rapport.service"
    exec_start = f'ExecStart={sys.executable} -m rapport serve --port 27300 --data-dir "{data}"'
    backend = f"PYTHON_KEYRING_BACKEND={os.environ['PYTHON_KEYRING_BACKEND']}"
    assert unit.read_text() == (
        "[Unit]\n"
        "Description=Rapport, a local networking memory (daemon on 127.0.0.1)\n"
        "\n"
        "[Service]\n"
        f"{exec_start}\n"
        f"Environment={backend}\n"
        "Restart=on-failure\n"
        "RestartSec=5\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )
    assert result.stdout == (
        f"wrote {unit}\n"
        "To start it now and at every login, run:\n"
        "  systemctl --user daemon-reload && systemctl --user enable --now rapport\n"
    )


def test_systemd_unit_follows_xdg_config_home_and_uninstall_removes_it(tmp_path):
    home, config = tmp_path / "home", tmp_path / "xdg"
    written = install(home, "--manager", "systemd", "--json", xdg_config=str(config))
    unit = config / "systemd/user/rapport.service"
    assert json.loads(written.stdout) == {
        "path": str(unit),
        "written": True,
        "command": "systemctl --user daemon-reload && systemctl --user enable --now rapport",
    }
    assert "--port 27277 --data-dir" in unit.read_text()
    enabled = config / "systemd/user/default.target.wants/rapport.service"
    enabled.parent.mkdir()
    enabled.symlink_to(unit)
    removed = install(home, "--manager", "systemd", "--uninstall", xdg_config=str(config))
    assert removed.returncode == 0, removed.stderr
    assert not unit.exists() and not enabled.is_symlink()
    assert removed.stdout == (
        f"removed {unit}\nTo stop it, run:\n"
        "  systemctl --user stop rapport && systemctl --user daemon-reload\n"
    )
    again = install(home, "--manager", "systemd", "--uninstall", xdg_config=str(config))
    assert again.returncode == 0
    assert again.stdout.startswith(f"no service file at {unit}\n")


def test_launchd_agent_is_a_plist_that_starts_at_login(tmp_path):
    home = tmp_path / "home"
    data = tmp_path / "data"
    result = install(home, "--manager", "launchd", "--port", "27301", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    path = home / "Library/LaunchAgents/org.rapport.daemon.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent == {
        "Label": "org.rapport.daemon",
        "ProgramArguments": [
            sys.executable,
            *("-m", "rapport", "serve", "--port", "27301", "--data-dir", str(data)),
        ],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardErrorPath": str(home / "Library/Logs/rapport.log"),
        "EnvironmentVariables": {"PYTHON_KEYRING_BACKEND": os.environ["PYTHON_KEYRING_BACKEND"]},
    }
    assert f'launchctl bootstrap gui/$(id -u) "{path}"' in result.stdout
    removed = install(home, "--manager", "launchd", "--uninstall")
    assert not path.exists()
    assert "launchctl bootout gui/$(id -u)/org.rapport.daemon" in removed.stdout


def test_a_bad_port_is_refused_before_anything_is_written(tmp_path):
    home = tmp_path / "home"
    result = run_rapport("install-service", env={"HOME": str(home), "RAPPORT_PORT": "many"})
    assert result.returncode == 2
    assert result.stderr == "rapport: port in the environment must be a number, not 'many'\n"
    assert not (home / ".config").exists()
