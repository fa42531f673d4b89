"""The `rapport` command against a real daemon process."""

import json

import click
import pytest

from rapport.cli import main
from rapport.client import Client
from tests.daemon import run_rapport, start_daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory, isolated_home):
    running = start_daemon(tmp_path_factory.mktemp("cli-data"))
    yield running
    running.stop()


def cli(daemon, *args, env=None):
    return run_rapport(
        *args, "--port", str(daemon.port), "--data-dir", str(daemon.data_dir), env=env
    )


def test_token_create_prints_a_working_token_alone(daemon):
    result = cli(daemon, "token", "create", "--name", "backup script")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and token.startswith("rpt_")
    client = Client(f"http://127.0.0.1:{daemon.port}", token)
    assert client.get("/people")["total"] >= 0
    names = [c["name"] for c in daemon.client().get("/clients")["items"]]
    assert "backup script" in names


def test_status_shows_version_data_dir_and_counts(daemon):
    daemon.client().post("/people", {"name": "Status Person"})
    result = cli(daemon, "status", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["data_dir"] == str(daemon.data_dir)
    assert info["counts"]["people"] >= 1
    human = cli(daemon, "status")
    assert f"is running at http://127.0.0.1:{daemon.port}" in human.stdout


def test_commands_without_a_daemon_exit_1_saying_how_to_start_one(tmp_path):
    for args in (("status",), ("token", "create", "--name", "x")):
        result = run_rapport(*args, "--port", "1", "--data-dir", str(tmp_path))
        assert result.returncode == 1
        assert "start one with `rapport serve`" in result.stderr
        assert result.stderr.count("\n") == 1


def test_no_keyring_backend_exits_2_naming_the_ways_out(tmp_path):
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for args in (("serve", "--port", "0"), ("status",)):
        result = run_rapport(*args, "--data-dir", str(tmp_path), env=env)
        assert result.returncode == 2, result.stderr
        assert "PYTHON_KEYRING_BACKEND" in result.stderr and "Secret Service" in result.stderr
        assert result.stderr.count("\n") == 1


def test_wrong_token_is_a_clean_error(daemon):
    result = cli(daemon, "status", env={"RAPPORT_TOKEN": "rpt_wrong"})
    assert result.returncode == 2
    assert result.stderr == "rapport: the token is not valid (revoked or mistyped)\n"


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(("path", "command"), list(_commands(main)), ids=lambda v: str(v))
def test_every_command_has_help(path, command):
    assert command.help and len(command.help.strip()) > 10, path


def test_token_owner_prints_the_keyring_owner_token(daemon, tmp_path):
    result = run_rapport("token", "owner", "--data-dir", str(daemon.data_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout == daemon.client().token + "\n"
    empty = run_rapport("token", "owner", "--data-dir", str(tmp_path / "never-started"))
    assert empty.returncode == 1 and "start the daemon once" in empty.stderr
