"""Score the answer engine against a question set, beside plain FTS5 BM25 in the same run.

A question file has one JSON object per line: `{"q", "doc", "must"}` for a question
the papers answer (a hit is a returned passage from a paper whose source contains
`doc` and whose text contains `must`, whitespace normalised) or `{"q", "unanswerable":
true}`; an optional `"kind"` groups the figures. Metrics are pure functions of the
per-question outcomes, so they are tested without a database.
"""

from __future__ import annotations

import json
import re
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from member_bot.answer_model import Answer
from member_bot.baseline import bm25_answer
from member_bot.search import answer_question

ALL = "all"


class QuestionFileError(Exception):
    """A question file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class EvalQuestion:
    q: str
    doc: str | None = None
    must: str | None = None
    unanswerable: bool = False
    kind: str | None = None
    council: str | None = None  # an unanswerable question's council (its corpus folder)


@dataclass(frozen=True)
class Outcome:
    """What one engine did with one question."""

    question: EvalQuestion
    rank: int | None  # 1-based rank of the first hit among returned passages, None if none
    answered: bool  # presented as the answer (`high`)
    seconds: float
    offered: bool | None = None  # shown as the answer or as "may answer it" (not `low`)

    @property
    def shown(self) -> bool:
        return self.answered if self.offered is None else self.offered


@dataclass
class Figures:
    """The issue's figures for one engine over one group of questions."""

    answerable: int = 0
    unanswerable: int = 0
    recall_at_1: float = 0.0
    recall_at_3: float = 0.0
    mrr: float = 0.0
    unanswerable_declined: float = 0.0
    answerable_declined: float = 0.0
    answered_precision: float = 0.0  # answered answerable questions whose first passage hits
    wrong_answers: int = 0  # answered questions (answerable or not) whose first passage misses
    wrong_answer_share: float = 0.0  # wrong_answers / all questions
    median_ms: float = 0.0

    def as_json(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


@dataclass
class EvalReport:
    engines: dict[str, dict[str, Figures]] = field(default_factory=dict)  # engine -> kind -> fig
    misses: dict[str, list[Outcome]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            engine: {kind: fig.as_json() for kind, fig in kinds.items()}
            for engine, kinds in self.engines.items()
        }


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def must_words(question: EvalQuestion) -> str:
    """The words a hit must contain, normalised. A `must` copied from one PDF line can end
    in a word broken by hyphenation ("RCP co-"), which the indexer rejoins
    ("coordinator"): the broken half is not asked for."""
    return re.sub(r"\s*\S*-$", "", normalise(question.must or ""))


def read_questions(path: Path) -> list[EvalQuestion]:
    """Parse a question file; a bad line stops with its number and the reason."""
    questions = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as error:
        raise QuestionFileError(f"cannot read {path}: {error.strerror}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            q = row["q"]
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise QuestionFileError(
                f"{path}, line {number}: not a question row ({error})"
            ) from None
        unanswerable = bool(row.get("unanswerable"))
        if not unanswerable and not (row.get("doc") and row.get("must")):
            raise QuestionFileError(f"{path}, line {number}: needs doc and must, or unanswerable")
        questions.append(
            EvalQuestion(
                q,
                row.get("doc"),
                row.get("must"),
                unanswerable,
                row.get("kind"),
                row.get("council"),
            )
        )
    return questions


def hit_rank(question: EvalQuestion, answer: Answer) -> int | None:
    """1-based rank of the first returned passage that answers the question, itself or
    in the paper cited beside it for the same words."""
    if question.unanswerable:
        return None
    must = must_words(question)
    for rank, passage in enumerate(answer.passages, 1):
        for seen in (passage, *passage.also_in):
            if question.doc in seen.document.source and must in normalise(seen.text):
                return rank
    return None


def figures(outcomes: list[Outcome]) -> Figures:
    """R@1, R@3, MRR over answerable questions; decline shares; median latency (pure)."""
    answerable = [o for o in outcomes if not o.question.unanswerable]
    unanswerable = [o for o in outcomes if o.question.unanswerable]
    fig = Figures(answerable=len(answerable), unanswerable=len(unanswerable))
    if answerable:
        # A declined (`low`) answer shows no answer, whatever it lists as "possibly related".
        ranks = [o.rank if o.shown else None for o in answerable]
        fig.recall_at_1 = sum(1 for r in ranks if r == 1) / len(ranks)
        fig.recall_at_3 = sum(1 for r in ranks if r is not None and r <= 3) / len(ranks)
        fig.mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
        fig.answerable_declined = sum(1 for o in answerable if not o.shown) / len(answerable)
        answered = [o for o in answerable if o.answered]
        if answered:
            fig.answered_precision = sum(1 for o in answered if o.rank == 1) / len(answered)
    if unanswerable:
        fig.unanswerable_declined = sum(1 for o in unanswerable if not o.answered) / len(
            unanswerable
        )
    fig.wrong_answers = sum(1 for o in outcomes if is_wrong_answer(o))
    if outcomes:
        fig.wrong_answer_share = fig.wrong_answers / len(outcomes)
        fig.median_ms = statistics.median(o.seconds for o in outcomes) * 1000
    return fig


def is_wrong_answer(outcome: Outcome) -> bool:
    """Presented as the answer, yet the first passage is not one that answers the question."""
    return outcome.answered and outcome.rank != 1


def by_kind(outcomes: list[Outcome]) -> dict[str, Figures]:
    """Figures for all questions, then for each `kind` present."""
    groups: dict[str, list[Outcome]] = {ALL: list(outcomes)}
    for o in outcomes:
        if o.question.kind:
            groups.setdefault(o.question.kind, []).append(o)
    return {kind: figures(group) for kind, group in groups.items()}


Engine = Callable[[sqlite3.Connection, str], Answer]


def run_engine(
    conn: sqlite3.Connection, questions: Iterable[EvalQuestion], engine: Engine
) -> list[Outcome]:
    outcomes = []
    for question in questions:
        start = time.perf_counter()
        answer = engine(conn, question.q)
        seconds = time.perf_counter() - start
        offered = answer.answered or answer.tier != "low"
        rank = hit_rank(question, answer)
        outcomes.append(Outcome(question, rank, answer.answered, seconds, offered))
    return outcomes


def plain_bm25(conn: sqlite3.Connection, question: str, *, top: int = 3) -> Answer:
    """The baseline: every word of the question ORed, FTS5 bm25 order, never declines."""
    return bm25_answer(conn, question, top=top)


def engines() -> dict[str, Engine]:
    """The engines compared in one run: ours (fast plan), ours (full plan), plain BM25."""
    return {
        "member-bot": lambda conn, q: answer_question(conn, q),
        "member-bot (full plan)": lambda conn, q: answer_question(conn, q, plan="full"),
        "plain FTS5 BM25": plain_bm25,
    }


def evaluate(conn: sqlite3.Connection, questions: list[EvalQuestion]) -> EvalReport:
    """Every engine over the same questions and passages, in the same run."""
    report = EvalReport()
    for name, engine in engines().items():
        engine(conn, "warm up the caches")
        outcomes = run_engine(conn, questions, engine)
        report.engines[name] = by_kind(outcomes)
        report.misses[name] = [
            o
            for o in outcomes
            if (o.question.unanswerable and o.answered)
            or (not o.question.unanswerable and (not o.answered or o.rank is None or o.rank > 3))
        ]
    return report
