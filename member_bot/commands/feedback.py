"""`member-bot feedback export`: members' Helpful / Not helpful clicks as question rows."""

from __future__ import annotations

import json
from pathlib import Path

import click

from member_bot.commands.common import db_option, open_index
from member_bot.feedback import evaluation_rows, votes
from member_bot.slack import questions


@click.group()
def feedback() -> None:
    """Members' Helpful / Not helpful clicks on the bot's answers."""


@feedback.command()
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the rows here (default: standard output).",
)
def export(db_path: Path, out: Path | None) -> None:
    """Write the clicks as evaluation rows (JSON lines) for `member-bot eval` and `train`.

    A "Not helpful" is a labelled miss (written as unanswerable); a "Helpful" labels the
    first passage shown as the answer.
    """
    conn = open_index(db_path)
    questions.ensure_tables(conn)
    rows = evaluation_rows(votes(conn))
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, "utf-8")
        click.echo(f"Wrote {len(rows)} rows to {out}", err=True)
