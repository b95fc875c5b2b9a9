"""`member-bot eval` and `member-bot train`: the answer engine measured, and its scorer fitted.

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

from member_bot.commands.common import check_scorer, db_option, open_index
from member_bot.evaluate import (
    ALL,
    EvalQuestion,
    EvalReport,
    QuestionFileError,
    evaluate,
    read_questions,
)

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


def council_table(figures: dict, console: Console, index: str) -> None:
    """Ours beside plain BM25 (same passages, same run), one row per held-out council."""
    table = Table(
        "council (held out)",
        "ans+unans",
        *(f"{label} ours/BM25" for label, _, _ in COLUMNS),
        "high precision",
        "unans. high",
        "unans. low",
        "ans. low",
        "ans. medium",
        title="Leave one council out: each council scored by weights fitted on the others"
        f" ({index})",
    )
    for council, fig in figures.items():
        table.add_row(
            council,
            f"{fig.answerable}+{fig.unanswerable}",
            *(f"{getattr(fig, ours):.2f} / {getattr(fig, bm25):.2f}" for _, ours, bm25 in COLUMNS),
            f"{fig.high_precision:.2f}",
            f"{fig.unanswerable_high:.2f}",
            f"{fig.unanswerable_low:.2f}",
            f"{fig.answerable_low:.2f}",
            f"{fig.answerable_medium:.2f}",
        )
    console.print(table)


def collect_examples(
    conn: sqlite3.Connection, questions: list[EvalQuestion], own_indexes: Path | None
) -> list:
    """Each question asked of the index of every paper and, given `own_indexes`, of its
    own council's index too (needs numpy, a training extra)."""
    try:
        from member_bot import learn
    except ImportError as error:  # numpy is a training extra, not needed to answer
        raise click.ClickException(
            f"{error.name} is needed to fit the scorer: pip install -e '.[train]'"
        ) from error
    if own_indexes is None:
        return learn.collect_everywhere(conn, questions)
    return learn.collect_everywhere(
        conn, questions, lambda council: open_index(own_indexes / f"{council}.db")
    )


def by_council_report(
    conn: sqlite3.Connection, questions: list[EvalQuestion], own_indexes: Path | None
) -> dict:
    """Collect once, then fit-on-others and score each council, for each kind of index."""
    from member_bot import learn

    examples = collect_examples(conn, questions, own_indexes)
    return learn.by_index(learn.leave_one_council_out(examples))


def print_by_council(figures: dict, as_json: bool) -> None:
    if as_json:
        click.echo(
            json.dumps(
                {i: {c: f.as_json() for c, f in t.items()} for i, t in figures.items()}, indent=2
            )
        )
        return
    console = Console()
    for index, table in figures.items():
        council_table(table, console if console.is_terminal else Console(width=170), index)


own_indexes_option = click.option(
    "--own-indexes",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder holding each council's own index as <council folder>.db (`make"
    " councils`): every question is asked of its council's papers alone as well, as a"
    " council deploys member-bot.",
)


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
@own_indexes_option
def train(questions: tuple[Path, ...], db_path: Path, out: Path, own_indexes: Path | None) -> None:
    """Fit the answer scorer on QUESTIONS (one or more .jsonl files) and write its weights.

    A council re-fits on its own members' questions (`member-bot feedback export`) the
    same way; point MEMBER_BOT_SCORER at the file it writes.
    """
    from member_bot import learn

    conn = open_index(db_path)
    examples = collect_examples(conn, read_all(questions), own_indexes)
    scorer = learn.fit(examples)
    out.write_text(json.dumps(scorer.as_json(), indent=1) + "\n", "utf-8")
    asked = [e for e in examples if e.index == learn.SHARED]
    answerable = sum(not e.question.unanswerable for e in asked)
    kinds = " and ".join(dict.fromkeys(e.index for e in examples))
    click.echo(
        f"Fitted on {answerable} answerable and {len(asked) - answerable} unanswerable"
        f" questions from {len({e.council for e in examples})} councils, asked of {kinds}:"
        f" high >= {scorer.high:.3f}, medium >= {scorer.medium:.3f}; wrote {out}"
    )


METRICS = (
    ("R@1", "recall_at_1"),
    ("R@3", "recall_at_3"),
    ("MRR", "mrr"),
    ("unanswerable declined", "unanswerable_declined"),
    ("answerable declined", "answerable_declined"),
    ("answered precision", "answered_precision"),
    ("wrong answers", "wrong_answers"),
    ("median ms", "median_ms"),
)


@click.command(name="eval")
@click.argument(
    "questions",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--misses", is_flag=True, help="List the questions the engine got wrong.")
@click.option(
    "--by-council",
    is_flag=True,
    help="Leave one council out: score each council with weights fitted on the others.",
)
@own_indexes_option
def eval_command(
    questions: tuple[Path, ...],
    db_path: Path,
    as_json: bool,
    misses: bool,
    by_council: bool,
    own_indexes: Path | None,
) -> None:
    """Score the engine on QUESTIONS.jsonl files beside plain FTS5 BM25, in the same run.

    Prints R@1, R@3, MRR, the share of unanswerable questions declined, the share of
    answerable ones wrongly declined and median latency, overall and by kind. With
    --by-council, the held-out-by-council table of the learned scorer instead.
    """
    if own_indexes is not None and not by_council:
        raise click.UsageError("--own-indexes goes with --by-council")
    conn = open_index(db_path)
    rows = read_all(questions)
    if by_council:
        print_by_council(by_council_report(conn, rows, own_indexes), as_json)
        return
    check_scorer()
    report = evaluate(conn, rows)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
        return
    console = Console()
    print_report(report, console if console.is_terminal else Console(width=160))
    if misses:
        for outcome in report.misses.get("member-bot", []):
            q = outcome.question
            if q.unanswerable:
                what = "answered"
            elif outcome.answered and outcome.rank != 1:
                what = f"WRONG ANSWER (hit at rank {outcome.rank})"
            else:
                what = f"rank {outcome.rank}, answered {outcome.answered}"
            click.echo(f"  miss [{q.kind or '-'}] {q.q!r}: {what}")


def print_report(report: EvalReport, console: Console) -> None:
    overall = Table("engine", "questions", *(label for label, _ in METRICS), title="All questions")
    for engine, kinds in report.engines.items():
        fig = kinds[ALL]
        overall.add_row(engine, f"{fig.answerable}+{fig.unanswerable}", *_cells(fig))
    console.print(overall)
    by_kind = Table("kind", "engine", "n", *(label for label, _ in METRICS), title="By kind")
    kinds = [k for k in next(iter(report.engines.values())) if k != ALL]
    for kind in sorted(kinds):
        for engine, figures in report.engines.items():
            fig = figures[kind]
            by_kind.add_row(kind, engine, str(fig.answerable + fig.unanswerable), *_cells(fig))
    console.print(by_kind)


def _cells(fig) -> list[str]:
    cells = []
    for label, attr in METRICS:
        value = getattr(fig, attr)
        if isinstance(value, int):
            cells.append(str(value))
        else:
            cells.append(f"{value:.1f}" if label == "median ms" else f"{value:.2f}")
    return cells
