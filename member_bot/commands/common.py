"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from indexer import store

DEFAULT_DB = "member_bot.db"

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="MEMBER_BOT_DB",
    default=DEFAULT_DB,
    show_default=True,
    show_envvar=True,
    help="The index database file.",
)


def open_index(db_path: Path, *, must_exist: bool = True) -> sqlite3.Connection:
    """Open the index, or stop with a message an admin can act on."""
    if must_exist and not db_path.exists():
        raise click.ClickException(
            f"no index at {db_path} — run `member-bot index PATH --db {db_path}` first"
        )
    try:
        return store.connect(db_path)
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path} is not a member-bot index ({error})") from error


def check_scorer() -> None:
    """Load the answer scorer now (the shipped one, or MEMBER_BOT_SCORER's), so a council's
    re-fit that can't be read stops the command with its name and why, before any answer."""
    from member_bot.scorer import ScorerFileError, load_scorer

    try:
        load_scorer()
    except ScorerFileError as error:
        raise click.ClickException(f"can't use the answer scorer: {error}") from error
