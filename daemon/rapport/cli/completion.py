"""Shell completion: print the script that makes the shell complete commands and names."""

import click
from click.shell_completion import get_completion_class

from rapport.cli.common import main

SHELLS = ("bash", "zsh", "fish")


@main.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the shell completion script for bash, zsh or fish.

    \b
    bash: eval "$(rapport completion bash)"        in ~/.bashrc
    zsh:  eval "$(rapport completion zsh)"         in ~/.zshrc
    fish: rapport completion fish > ~/.config/fish/completions/rapport.fish

    Person names complete from the running daemon.
    """
    script = get_completion_class(shell)(main, {}, "rapport", "_RAPPORT_COMPLETE")
    click.echo(script.source())
