"""`rapport completion SHELL` and the completions it sets up, names from a real daemon."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.daemon import run_rapport, start_daemon

RAPPORT = str(Path(sys.executable).parent / "rapport")  # the console script the shells call


@pytest.mark.parametrize(
    ("shell", "hook"),
    [
        ("bash", "complete -o nosort -F _rapport_completion rapport"),
        ("zsh", "compdef _rapport_completion rapport"),
        ("fish", 'complete --no-files --command rapport --arguments "(_rapport_completion)"'),
    ],
)
def test_completion_prints_the_script_for_each_shell(shell, hook):
    result = run_rapport("completion", shell)
    assert result.returncode == 0, result.stderr
    assert hook in result.stdout


def test_an_unknown_shell_exits_2():
    result = run_rapport("completion", "tcsh")
    assert result.returncode == 2
    assert result.stderr.startswith("rapport: Invalid value for '{bash|zsh|fish}'")


def complete(words: str, cword: int, env: dict | None = None) -> list[str]:
    result = subprocess.run(
        [RAPPORT],
        env={
            **os.environ,
            **(env or {}),
            "_RAPPORT_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def test_commands_and_person_names_complete(tmp_path):
    assert complete("rapport sh", 1) == ["plain,show"]
    daemon = start_daemon(tmp_path / "data")
    try:
        for name in ("Ada Lovelace", "Ada Byron", "Grace Hopper"):
            daemon.client().post("/people", {"name": name})
        env = {"RAPPORT_PORT": str(daemon.port), "RAPPORT_DATA_DIR": str(daemon.data_dir)}
        assert complete("rapport show ad", 2, env) == ["plain,Ada Byron", "plain,Ada Lovelace"]
    finally:
        daemon.stop()
    assert complete("rapport show ad", 2, env) == []  # no daemon: no names, no error
