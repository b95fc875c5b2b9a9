"""`member-bot ask`: a member's question answered on the terminal, or as JSON.

It imports only what answering needs (no indexer, pypdf or Slack), so a warm answer is quick.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
from click.core import ParameterSource

import member_bot
from member_bot.answer_model import Answer
from member_bot.citation import format_citation, where_to_read
from member_bot.commands.common import check_scorer, db_option, open_index
from member_bot.glossary import GlossaryError, load_glossary
from member_bot.search import answer_question


def bundled_corpus() -> Path | None:
    """`corpus/` in the current folder, else the one shipped beside the package."""
    for candidate in (
        Path.cwd() / "corpus",
        Path(member_bot.__file__).resolve().parents[1] / "corpus",
    ):
        if candidate.is_dir():
            return candidate
    return None


def chose_database(ctx: click.Context) -> bool:
    """Whether the user named the database (--db or MEMBER_BOT_DB), not took the default."""
    source = ctx.get_parameter_source("db_path")
    return source not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def open_or_build(db_path: Path, *, chosen: bool) -> sqlite3.Connection:
    """Open the index; on a fresh machine, first index the bundled corpus so `ask` just works.

    Only the default database is built: a database the user named and that isn't there
    is a mistyped path, and answering it from the sample papers would mislead.
    """
    if db_path.exists() or chosen:
        return open_index(db_path)
    corpus = bundled_corpus()
    if corpus is None:
        raise click.ClickException(
            f"no index at {db_path} and no corpus/ folder to build one from: "
            f"run `member-bot index PATH --db {db_path}` first"
        )
    from indexer.run import index_paths  # only a first run indexes: keep `ask` quick

    click.echo(f"No index at {db_path} yet: indexing the papers in {corpus} …", err=True)
    conn = open_index(db_path, must_exist=False)
    summary = index_paths(conn, [corpus])
    counts = summary.counts()
    passages = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    click.echo(
        f"Indexed {counts['indexed']} papers ({passages} passages), {counts['failed']} failed.",
        err=True,
    )
    for failure in summary.failed:
        click.echo(f"  failed: {failure.path}: {failure.reason}", err=True)
    return conn


@click.command()
@click.argument("question", nargs=-1, required=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the contract).")
@click.option("--top", default=3, show_default=True, type=click.IntRange(1, 20), help="Passages.")
@click.option("--include-exempt", is_flag=True, help="Also quote exempt (Part 2) papers.")
@click.option("--context", default=None, help="The earlier question in the same conversation.")
@click.option(
    "--glossary",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    envvar="MEMBER_BOT_GLOSSARY",
    help="An extra glossary file (TAB-separated groups of equivalent terms).",
)
def ask(
    question: tuple[str, ...],
    db_path: Path,
    as_json: bool,
    top: int,
    include_exempt: bool,
    context: str | None,
    glossary: Path | None,
) -> None:
    """Answer QUESTION with verbatim, cited quotes from the papers.

    Filters may be typed in the question: committee:cabinet type:minutes
    after:2024-12-01 before:2025-03-31 from:oakford.
    """
    text = " ".join(question)
    conn = open_or_build(db_path, chosen=chose_database(click.get_current_context()))
    try:
        terms = load_glossary(glossary)
    except GlossaryError as error:
        raise click.ClickException(str(error)) from error
    check_scorer()
    answer = answer_question(
        conn, text, top=top, include_exempt=include_exempt, context=context, glossary=terms
    )
    if as_json:
        click.echo(json.dumps(answer_json(answer), indent=2, ensure_ascii=False))
    else:
        click.echo(render_answer(answer))


def answer_json(answer: Answer) -> dict:
    """The `ask --json` contract: the answer, and what the engine wants the member told
    (a filter it couldn't read, a request it won't do) as `notices`, never dropped."""
    return {**answer.as_json(), "notices": list(answer.notices)}


MEDIUM_HEADER = "These passages may answer it — I'm not certain."
ANSWERED_HEADER = "From the papers:"  # says at a glance that what follows is the answer


def render_answer(answer: Answer) -> str:
    """The terminal form of an answer: each quote with its citation (pure)."""
    lines: list[str] = [f"Note: {notice}" for notice in answer.notices]
    if lines:
        lines.append("")
    if answer.answered:
        lines.append(ANSWERED_HEADER)
    elif answer.tier == "medium" and answer.passages:
        lines.append(MEDIUM_HEADER)
        lines.append("You can ask an officer: use “Ask an officer” in Slack (/ask-officer).")
    else:
        lines.append("I couldn't find that in the papers.")
        if answer.passages:
            lines += ["", "Possibly related (not an answer):"]
    for number, passage in enumerate(answer.passages, 1):
        quote = passage.quote.replace("\n", "\n   ")
        lines += ["", f"{number}. “{quote}”", f"   — {format_citation(passage)}"]
        lines += [f"   — also in {format_citation(same)}" for same in passage.also_in]
        lines.append(f"     source: {where_to_read(passage, prefer_url=False)}")
        if passage.document.url:
            lines.append(f"     link:   {passage.document.url}")
    if answer.followup_suggested and answer.tier != "medium":
        lines += ["", "You can ask an officer: use “Ask an officer” in Slack (/ask-officer)."]
    return "\n".join(lines)
