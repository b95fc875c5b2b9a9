"""`member-bot followups list|show|claim|answer|close|withdraw`: officers work the queue.

Each command opens the database, calls one `FollowupStore` method and turns its
refusals into one-line errors. The CLI cannot post to Slack: an answer given here
is stored, made searchable and left undelivered, and the running bot sends it to
the member's thread.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexer import store
from member_bot.commands.common import db_option
from member_bot.followups import STATUSES, Followup, FollowupError
from member_bot.followups_store import FollowupStore, offered_still_shareable

STATUS_CHOICES = (*STATUSES, "overdue", "active", "all")

officer_option = click.option(
    "--officer",
    required=True,
    envvar="MEMBER_BOT_OFFICER",
    show_envvar=True,
    help="Who you are, as colleagues know you (name or Slack user ID); recorded in the history.",
)


def open_store(db_path: Path) -> FollowupStore:
    """The bot's database with the follow-up tables, or a message saying what to fix."""
    if not db_path.exists():
        raise click.ClickException(
            f"no database at {db_path}: point --db (or MEMBER_BOT_DB) at the bot's database"
        )
    try:
        return FollowupStore(store.connect(db_path))
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{db_path} is not a member-bot database ({error})") from error


def run(action):
    """Call the store, turning its refusals into a one-line error (exit status 1)."""
    try:
        return action()
    except FollowupError as error:
        raise click.ClickException(str(error)) from error


@click.group()
def followups() -> None:
    """Members' questions flagged to officers: list, show, claim, answer and close them.

    Answers given here are stored and become searchable at once, but the CLI
    can't post to Slack: the running bot (`member-bot serve`) delivers them to the
    member's thread shortly after.
    """


@followups.command(name="list")
@click.option(
    "--status",
    "statuses",
    type=click.Choice(STATUS_CHOICES),
    multiple=True,
    help="Which to list (repeatable). Default: active (open and claimed). "
    "'overdue' means active and past its due date.",
)
@click.option("--member", "member_id", help="Only this member's follow-ups (Slack user ID).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def list_followups(
    statuses: tuple[str, ...], member_id: str | None, db_path: Path, as_json: bool
) -> None:
    """List follow-ups, oldest first, with their due dates."""
    followup_store = open_store(db_path)
    today = followup_store.today()
    wanted = set(statuses or ("active",))
    overdue_on = today if wanted == {"overdue"} else None
    if "all" in wanted:
        chosen = None
    else:
        chosen = {s for s in wanted if s in STATUSES}
        if "active" in wanted or "overdue" in wanted:
            chosen |= {"open", "claimed"}
    found = run(
        lambda: followup_store.list(
            statuses=None if chosen is None else sorted(chosen),
            member_id=member_id,
            overdue_on=overdue_on,
        )
    )
    if as_json:
        click.echo(
            json.dumps([_with_overdue(f, today) for f in found], indent=2, ensure_ascii=False)
        )
        return
    console = Console()
    if not found:
        console.print(f"No {' or '.join(sorted(wanted))} follow-ups in {escape(str(db_path))}.")
        return
    table = Table("#", "Status", "Due", "Member", "Question", "Officer")
    for f in found:
        due = f.due_date + (" [bold red]OVERDUE[/]" if f.is_overdue(today) else "")
        table.add_row(
            str(f.id),
            f.status,
            due,
            escape(f.member_id),
            escape(_shorten(f.question, 70)),
            escape(f.answered_by or f.claimed_by or "-"),
        )
    console.print(table)
    overdue = sum(f.is_overdue(today) for f in found)
    console.print(f"{len(found)} follow-up(s), {overdue} overdue (today is {today.isoformat()}).")


@followups.command()
@click.argument("followup_id", metavar="ID", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show(followup_id: int, db_path: Path, as_json: bool) -> None:
    """Show one follow-up: the question, what the bot offered, the answer and its history."""
    followup_store = open_store(db_path)
    f = run(lambda: followup_store.get(followup_id))
    # The quotes the member was shown, less any whose paper has since become exempt or gone.
    f = replace(f, offered=offered_still_shareable(followup_store.conn, f.offered))
    today = followup_store.today()
    if as_json:
        click.echo(json.dumps(_with_overdue(f, today), indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(f"[bold]Follow-up #{f.id}[/] — {f.status}", highlight=False)
    fields = [
        ("Question", f.question),
        ("Member", f.member_id),
        ("Where", " ".join(p for p in (f.channel_id, f.thread_ts) if p) or "-"),
        ("Created", f.created_at),
        ("Due", f.due_date + (" (OVERDUE)" if f.is_overdue(today) else "")),
        ("Claimed by", f.claimed_by or "-"),
        ("Contact officers", ", ".join(f.contact_officers()) or "-"),
    ]
    if f.answer is not None:
        delivered = f.delivered_at or "not yet: the running bot will deliver it"
        fields += [
            ("Answered by", f"{f.answered_by} at {f.answered_at}"),
            ("Answer", f.answer),
            ("Delivered", delivered),
        ]
    if f.status == "closed":
        fields.append(("Closed by", f"{f.closed_by} at {f.closed_at}"))
        fields.append(("Reason", f.close_reason or "-"))
    details = Table.grid(padding=(0, 2))
    details.add_column(style="bold", justify="right")
    details.add_column()
    for label, value in fields:
        details.add_row(label, escape(value))
    console.print(details)
    if f.offered:
        offered = Table("What the bot offered", "Citation", title=None)
        for p in f.offered:
            offered.add_row(escape(_shorten(p.quote, 200)), escape(p.citation))
        console.print(offered)
    history = Table("When", "Who", "What", "Detail")
    for event in f.history:
        history.add_row(
            event.at, escape(event.actor or "-"), event.action, escape(event.detail or "")
        )
    console.print(history)


@followups.command()
@click.argument("followup_id", metavar="ID", type=int)
@officer_option
@db_option
def claim(followup_id: int, officer: str, db_path: Path) -> None:
    """Take follow-up ID on (or take it over from a colleague)."""
    followup_store = open_store(db_path)
    f = run(lambda: followup_store.claim(followup_id, officer))
    click.echo(f"Follow-up #{f.id} is claimed by {f.claimed_by}; due {f.due_date}.")


@followups.command()
@click.argument("followup_id", metavar="ID", type=int)
@officer_option
@click.option("--text", help="The answer, as the member should read it.")
@click.option(
    "--file",
    "answer_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the answer from a file ('-' for standard input).",
)
@click.option(
    "--searchable/--not-searchable",
    default=None,
    help="Whether other members' questions may be answered from it. Default: searchable, "
    "except for a follow-up about an exempt matter (then only --searchable publishes it, "
    "and as exempt).",
)
@click.option("--name", help="How the published answer names you (default: --officer).")
@db_option
def answer(
    followup_id: int,
    officer: str,
    text: str | None,
    answer_file,
    searchable: bool | None,
    name: str | None,
    db_path: Path,
) -> None:
    """Answer follow-up ID with --text or --file.

    The answer is stored and, unless --not-searchable, becomes searchable at once (as
    an "Officer answer to a member" paper). It is NOT sent to Slack from here: it stays
    marked undelivered until the running bot (`member-bot serve`) posts it to the member.
    """
    if (text is None) == (answer_file is None):
        raise click.UsageError("give the answer with exactly one of --text or --file")
    body = text if text is not None else answer_file.read()
    followup_store = open_store(db_path)
    f = run(
        lambda: followup_store.answer(
            followup_id, officer, body, author=name, searchable=searchable
        )
    )
    if not f.published:
        where = "it is not searchable by other members"
    elif f.exempt:
        where = "it is searchable by exempt readers only, marked EXEMPT"
    else:
        where = "the answer is now searchable"
    click.echo(f"Follow-up #{f.id} answered by {f.answered_by}; {where}.")
    if f.delivered_at is None:
        click.echo("Not delivered yet: the running bot will post it to the member's thread.")


@followups.command()
@click.argument("followup_id", metavar="ID", type=int)
@officer_option
@click.option("--reason", help="Why it is closed (e.g. 'duplicate of #3', 'member withdrew').")
@db_option
def close(followup_id: int, officer: str, reason: str | None, db_path: Path) -> None:
    """Close follow-up ID, answered or not; an answer already given stays searchable."""
    followup_store = open_store(db_path)
    f = run(lambda: followup_store.close(followup_id, officer, reason))
    click.echo(f"Follow-up #{f.id} is closed by {f.closed_by}.")


@followups.command()
@click.argument("followup_id", metavar="ID", type=int)
@officer_option
@click.option("--reason", help="Why (e.g. 'the date was wrong; see follow-up #9').")
@db_option
def withdraw(followup_id: int, officer: str, reason: str | None, db_path: Path) -> None:
    """Take follow-up ID's answer out of search, so it is no longer quoted to members.

    The follow-up and its history are kept; the member who asked keeps the answer.
    """
    followup_store = open_store(db_path)
    f = run(lambda: followup_store.withdraw(followup_id, officer, reason))
    click.echo(f"The answer to follow-up #{f.id} is no longer searchable.")


def _with_overdue(f: Followup, today: date) -> dict:
    payload = f.as_json()
    payload["overdue"] = f.is_overdue(today)
    return payload


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
