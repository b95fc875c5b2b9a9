"""The `member-bot` command: one group, each command defined in its own module.

Commands are imported when they are run, not when the group is built, so `member-bot
ask` does not pay for the indexer, pypdf or the Slack SDK (the pattern of click's
"lazily loading subcommands").
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "index": "member_bot.commands.index:index",
    "show": "member_bot.commands.index:show",
    "stats": "member_bot.commands.index:stats",
    "ask": "member_bot.commands.ask:ask",
    "eval": "member_bot.commands.scoring:eval_command",
    "train": "member_bot.commands.scoring:train",
    "followups": "member_bot.commands.followups:followups",
    "feedback": "member_bot.commands.feedback:feedback",
    "serve": "member_bot.commands.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported by name on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        return getattr(importlib.import_module(module), name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="member-bot")
def main() -> None:
    """Answer councillors' questions with verbatim, cited quotes from committee papers."""
