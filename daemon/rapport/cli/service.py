"""Start the daemon at login: a systemd user unit (Linux) or a launchd agent (macOS).

We write the file and print the command that enables it; running systemctl or launchctl is
left to the user, so nothing starts behind their back.
"""

import os
import plistlib
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from rapport.cli.common import DATA_DIR_OPTION, JSON_OPTION, PORT_OPTION, fail, main
from rapport.cli.people import echo_json
from rapport.config import ConfigError, load_config

LAUNCHD_LABEL = "org.rapport.daemon"
# The daemon must read the owner token from the same keyring backend as the CLI.
PASSED_ENVIRONMENT = ("PYTHON_KEYRING_BACKEND",)


@dataclass(frozen=True)
class ServiceFile:
    path: Path
    content: bytes
    enable: str
    disable: str
    # What `systemctl disable` would remove, removed by --uninstall once the unit file is gone.
    links: tuple[Path, ...] = ()


def systemd_unit(command: list[str], env: dict[str, str]) -> ServiceFile:
    lines = [
        "[Unit]",
        "Description=Rapport, a local networking memory (daemon on 127.0.0.1)",
        "",
        "[Service]",
        f"ExecStart={' '.join(_systemd_quote(arg) for arg in command)}",
        *(f"Environment={_systemd_quote(f'{k}={v}', dollar=False)}" for k, v in env.items()),
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    # systemd's own rule for where user units live.
    units = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "systemd/user"
    return ServiceFile(
        units / "rapport.service",
        "\n".join(lines).encode(),
        enable="systemctl --user daemon-reload && systemctl --user enable --now rapport",
        disable="systemctl --user stop rapport && systemctl --user daemon-reload",
        links=(units / "default.target.wants/rapport.service",),
    )


def launchd_agent(command: list[str], environment: dict[str, str]) -> ServiceFile:
    path = Path.home() / "Library/LaunchAgents" / f"{LAUNCHD_LABEL}.plist"
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": command,
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "StandardErrorPath": str(Path.home() / "Library/Logs/rapport.log"),
    }
    if environment:
        agent["EnvironmentVariables"] = environment
    return ServiceFile(
        path,
        plistlib.dumps(agent),
        enable=f'launchctl bootstrap gui/$(id -u) "{path}"',
        disable=f"launchctl bootout gui/$(id -u)/{LAUNCHD_LABEL}",
    )


MANAGERS = {"systemd": systemd_unit, "launchd": launchd_agent}


def _systemd_quote(arg: str, dollar: bool = True) -> str:
    """Quote one word the way systemd reads it: spaces, quotes, `%` specifiers, and `$`
    variables (expanded in ExecStart only)."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if dollar:
        escaped = escaped.replace("$", "$$")
    return f'"{escaped}"' if escaped != arg or any(c.isspace() for c in arg) or not arg else arg


@main.command("install-service")
@click.option("--uninstall", is_flag=True, help="Remove the service file instead.")
@click.option(
    "--manager",
    type=click.Choice(sorted(MANAGERS)),
    default="launchd" if sys.platform == "darwin" else "systemd",
    show_default=True,
    help="Which service manager to write for.",
)
@PORT_OPTION
@DATA_DIR_OPTION
@JSON_OPTION
def install_service(
    uninstall: bool, manager: str, port: int | None, data_dir: Path | None, as_json: bool
) -> None:
    """Start the daemon at login (systemd user unit or launchd agent).

    The service runs `python -m rapport serve` with this Python and the current port and data
    dir. Nothing is started here: the command that enables it is printed.
    """
    try:
        config = load_config(port=port, data_dir=data_dir)
    except ConfigError as error:
        fail(str(error), 2)
    command = [
        sys.executable,
        *("-m", "rapport", "serve"),
        *("--port", str(config.port)),
        *("--data-dir", str(config.data_dir.expanduser().absolute())),
    ]
    environment = {name: os.environ[name] for name in PASSED_ENVIRONMENT if name in os.environ}
    service = MANAGERS[manager](command, environment)
    if uninstall:
        existed = service.path.exists()
        for path in (service.path, *service.links):
            path.unlink(missing_ok=True)
        report = {"path": str(service.path), "removed": existed, "command": service.disable}
        message = f"removed {service.path}" if existed else f"no service file at {service.path}"
    else:
        service.path.parent.mkdir(parents=True, exist_ok=True)
        service.path.write_bytes(service.content)
        report = {"path": str(service.path), "written": True, "command": service.enable}
        message = f"wrote {service.path}"
    if as_json:
        echo_json(report)
        return
    click.echo(message)
    verb = "stop it" if uninstall else "start it now and at every login"
    click.echo(f"To {verb}, run:\n  {report['command']}")
