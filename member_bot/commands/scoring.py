"""`member-bot eval --by-council` and `member-bot train`: the scorer measured and fitted.

Both read the same question files over the same index; `train` writes the weights
that `ask` and Slack load (member_bot/data/scorer.json), `eval --by-council` reports
each council scored by weights fitted on the others.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from member_bot.evaluate import EvalQuestion, QuestionFileError, read_questions

DEFAULT_WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "scorer.json"
COLUMNS = (
    ("in 3 shown", "shown_top3", "bm25_top3"),
    ("R@1", "recall_at_1", "bm25_recall_at_1"),
    ("MRR", "mrr", "bm25_mrr"),
)


def read_all(paths: tuple[Path, ...]) -> list[EvalQuestion]:
    """Every question of every file, a bad line stopping with its file and number."""
    questions: list[EvalQuestion] = []
    for path in paths:
        try:
            questions += read_questions(path)
        except QuestionFileError as error:
            raise click.ClickException(str(error)) from error
    if not questions:
        raise click.ClickException("the question files hold no questions")
    return questions


def council_table(figures: dict, console: Console) -> None:
    """Ours beside plain BM25 (same passages, same run), one row per held-out council."""
    table = Table(
        "council (held out)",
        "ans+unans",
        *(f"{label} ours/BM25" for label, _, _ in COLUMNS),
        "high precision",
        "unans. high",
        "ans. low",
        "ans. medium",
        title="Leave one council out: each council scored by weights fitted on the others",
    )
    for council, fig in figures.items():
        table.add_row(
            council,
            f"{fig.answerable}+{fig.unanswerable}",
            *(f"{getattr(fig, ours):.2f} / {getattr(fig, bm25):.2f}" for _, ours, bm25 in COLUMNS),
            f"{fig.high_precision:.2f}",
            f"{fig.unanswerable_high:.2f}",
            f"{fig.answerable_low:.2f}",
            f"{fig.answerable_medium:.2f}",
        )
    console.print(table)


def by_council_report(conn: sqlite3.Connection, questions: list[EvalQuestion]) -> dict:
    """Collect once, then fit-on-others and score each council (needs numpy)."""
    try:
        from member_bot import learn
    except ImportError as error:  # numpy is a training extra, not needed to answer
        raise click.ClickException(
            f"{error.name} is needed to fit the scorer: pip install -e '.[train]'"
        ) from error
    return learn.by_council(learn.leave_one_council_out(learn.collect(conn, questions)))


def print_by_council(figures: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({c: f.as_json() for c, f in figures.items()}, indent=2))
        return
    console = Console()
    council_table(figures, console if console.is_terminal else Console(width=170))


@click.command()
@click.argument(
    "questions",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="An index holding every paper the questions are about.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_WEIGHTS,
    show_default=True,
    help="Where to write the weights.",
)
def train(questions: tuple[Path, ...], db_path: Path, out: Path) -> None:
    """Fit the answer scorer on QUESTIONS (one or more .jsonl files) and write its weights.

    A council re-fits on its own members' questions (`member-bot feedback export`) the
    same way; point MEMBER_BOT_SCORER at the file it writes.
    """
    from member_bot import learn

    if not db_path.exists():
        raise click.ClickException(f"no index at {db_path} — run member-bot index")
    conn = sqlite3.connect(db_path)
    examples = learn.collect(conn, read_all(questions))
    scorer = learn.fit(examples)
    out.write_text(json.dumps(scorer.as_json(), indent=1) + "\n", "utf-8")
    answerable = sum(not e.question.unanswerable for e in examples)
    click.echo(
        f"Fitted on {answerable} answerable and {len(examples) - answerable} unanswerable"
        f" questions from {len({e.council for e in examples})} councils: high >="
        f" {scorer.high:.3f}, medium >= {scorer.medium:.3f}; wrote {out}"
    )
