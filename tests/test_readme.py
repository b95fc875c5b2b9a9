"""Every CLI command is documented in the README (the sqlite-utils habit)."""

from __future__ import annotations

import click
import pytest

from member_bot.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "member-bot") -> list[str]:
    paths = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the lazy group imports each one here
        command = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
    return paths


COMMANDS = command_paths(main)


def test_every_command_is_listed() -> None:
    assert {"member-bot ask", "member-bot eval", "member-bot train"} <= set(COMMANDS)
    assert "member-bot feedback export" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert command in README


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m pip install -q -e '.[test]' && python3 -m pytest -q"
    assert command in ci and command in README
