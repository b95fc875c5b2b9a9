"""The `member-bot` command: one group, each command defined in its own module."""

from __future__ import annotations

import click

from member_bot.commands.ask import ask, eval_command
from member_bot.commands.followups import followups
from member_bot.commands.index import index, show, stats
from member_bot.commands.scoring import train
from member_bot.commands.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="member-bot")
def main() -> None:
    """Answer councillors' questions with verbatim, cited quotes from committee papers."""


for command in (index, show, stats, ask, eval_command, train, followups, serve):
    main.add_command(command)
