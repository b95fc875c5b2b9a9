"""The learned answer scorer: a linear model over `features.NAMES`, and the three tiers.

Why a model: the decision to answer is a weighing of many weak signals, and weights
fitted on many councils' questions (`member-bot train`) carry to a council nobody has
seen better than rules written against one set of questions. Inference is a dot
product in plain Python, so answering needs no numpy.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from member_bot.features import NAMES
from member_bot.rerank import distinct

HIGH, MEDIUM, LOW = "high", "medium", "low"


class Logits(NamedTuple):
    """Per candidate: the logit that orders them, and the logit of answering at all."""

    order: list[float]
    absolute: list[float]


@dataclass(frozen=True)
class Ranking:
    """What the scorer decided for one question."""

    shown: list[int]  # candidate indexes shown, best first
    probabilities: list[float]  # P(it is the answer) per candidate, in the candidates' order
    best: float  # P(the best passage answers the question)
    tier: str
    offered: float = 0.0  # P(a passage shown answers it): high-or-medium versus low
    best_row: tuple[float, ...] = ()  # what the `best` calibration read (`question_row`)
    offer_row: tuple[float, ...] = ()  # what the `offer` calibration read


@dataclass(frozen=True)
class Scorer:
    """Weights per feature, and the probabilities at which an answer is high or medium.

    Two sets of weights: `weights` order one question's candidates (fitted as a softmax
    over them: which one is the answer), `absolute` say how like an answer a passage is
    at all (fitted passage by passage, across questions), which is what the whole-
    question calibrations need to know of the passages shown.
    """

    weights: tuple[float, ...]
    high: float
    medium: float
    calibration: tuple[float, ...] = ()  # P(the best one answers), over QUESTION_NAMES
    offer: tuple[float, ...] = ()  # P(one of those shown answers), over QUESTION_NAMES
    absolute: tuple[float, ...] = ()  # per feature: a passage's log-odds of answering

    def logits(self, rows: list[list[float]]) -> Logits:
        """Each candidate's order logit and absolute logit."""
        return Logits(
            [sum(w * x for w, x in zip(self.weights, r, strict=True)) for r in rows],
            [sum(w * x for w, x in zip(self.absolute, r, strict=True)) for r in rows],
        )

    def answer_probability(self, question: list[float]) -> float:
        """P(the best passage answers the question), from its `question_row`: its logit,
        its lead over the runner-up (several near-equal passages are a weaker answer
        than one that stands out) and how well it meets the question."""
        return calibrated(self.calibration, question)

    def offer_probability(self, question: list[float]) -> float:
        """P(a passage shown answers the question), which is what `medium` claims; fitted
        on the whole `question_row`, answered questions against ones the papers do not
        answer."""
        return calibrated(self.offer, question)

    def tier(self, best: float, top_row: list[float], offered: float) -> str:
        """high: shown as the answer; medium: 'may answer, not certain'; low: declined.

        Two facts about language hold in every council's papers, however sure the model
        is: a question asking when, how much or how long is not answered by a passage
        giving no date, sum or length of time, nor one naming a year by a passage about
        another year. Such a best passage is offered at most as `medium`.
        """
        if best >= self.high:
            return MEDIUM if any(top_row[i] for i in _CAPPING) else HIGH
        return MEDIUM if offered >= self.medium else LOW

    def rank(
        self,
        rows: list[list[float]],
        texts: list[str],
        top: int,
        logits: Logits | None = None,
        same: Callable[[int, int], bool] | None = None,
    ) -> Ranking:
        """Candidates in the order's logits, the `top` distinct ones shown, and the tier
        of the best: the one decision `ask`, Slack and `eval --by-council` all take.
        `logits` and `same` (which candidates repeat each other's words), when given,
        are remembered by the caller: fitting ranks each question hundreds of times."""
        order_logits, absolute = self.logits(rows) if logits is None else logits
        order = sorted(range(len(rows)), key=lambda i: -order_logits[i])
        shown = distinct(order, texts, top, same)
        # `best` is about the first passage shown; `offer` about any of them, so it reads
        # the one most like an answer
        likeliest = max(shown or order[:1], key=absolute.__getitem__, default=0)
        best_row = question_row(order_logits, absolute, rows, order[0] if order else 0)
        offer_row = question_row(order_logits, absolute, rows, likeliest)
        best = self.answer_probability(best_row)
        offered = self.offer_probability(offer_row)
        tier = self.tier(best, rows[shown[0]], offered) if shown else LOW
        # The softmax the logits were fitted as: a passage is exp(its logit - the best's)
        # times as likely to be the answer as the best one, which is `best` likely.
        top_logit = max(order_logits, default=0.0)
        probabilities = [best * math.exp(z - top_logit) for z in order_logits]
        return Ranking(shown, probabilities, best, tier, offered, tuple(best_row), tuple(offer_row))

    def as_json(self) -> dict:
        return {
            "features": list(NAMES),
            "weights": [round(w, 6) for w in self.weights],
            "high": round(self.high, 6),
            "medium": round(self.medium, 6),
            "question_features": list(QUESTION_NAMES),
            "calibration": [round(c, 6) for c in self.calibration],
            "offer": [round(c, 6) for c in self.offer],
            "absolute": [round(w, 6) for w in self.absolute],
        }


_CAPPING = tuple(NAMES.index(name) for name in ("measure_missing", "year_contradicts"))
# What the whole-question calibrations read: the best passage's logit and lead, and how
# well that passage meets the question (a question it only half covers is a weaker answer
# however it ranks; one whose words the papers barely use is likelier not answered).
_TOP_FEATURES = (
    "coverage",
    "core_coverage",
    "matched_share",
    "focus",
    "missing_max_idf",
    "measure_missing",
    "figure_wanted_absent",
    "year_contradicts",
    "token_set",
    "question_concepts",
    "question_idf",
)
QUESTION_NAMES = ("bias", "best_logit", "lead", *_TOP_FEATURES)
_TOP = tuple(NAMES.index(name) for name in _TOP_FEATURES)


def question_row(
    logits: list[float], absolute: list[float], rows: list[list[float]], at: int
) -> list[float]:
    """One question's calibration features (pure): candidate `at`'s absolute logit, the
    order's lead of its first over its second, how `at` meets the question. No
    candidates gives an empty row."""
    if not logits:
        return []
    first, *rest = sorted(logits, reverse=True)
    lead = first - (rest[0] if rest else first - 5.0)
    return [1.0, absolute[at], min(lead, 5.0), *(rows[at][i] for i in _TOP)]


class ScorerFileError(Exception):
    """A weights file that does not fit this version's features."""


def scorer_from_json(data: dict) -> Scorer:
    """Check the file names exactly this version's features, in order, and gives a number
    for each, then build it: a file that does not fit is refused, never half-used."""
    if data.get("features") != list(NAMES):
        raise ScorerFileError("the scorer's weights were fitted on other features: re-train")
    if data.get("question_features") != list(QUESTION_NAMES):
        raise ScorerFileError("the scorer was calibrated on other question features: re-train")
    if "absolute" not in data:  # fitted before the order became a softmax over candidates
        raise ScorerFileError("the scorer was fitted by an older member-bot: re-train")
    try:
        scorer = Scorer(
            tuple(float(w) for w in data["weights"]),
            float(data["high"]),
            float(data["medium"]),
            tuple(float(c) for c in data["calibration"]),
            tuple(float(c) for c in data["offer"]),
            tuple(float(w) for w in data["absolute"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ScorerFileError(f"unreadable weights ({type(error).__name__}: {error})") from error
    sizes = (
        len(scorer.weights),
        len(scorer.calibration),
        len(scorer.offer),
        len(scorer.absolute),
    )
    if sizes != (len(NAMES), len(QUESTION_NAMES), len(QUESTION_NAMES), len(NAMES)):
        raise ScorerFileError(
            f"the weights file has {sizes} numbers where this version reads "
            f"{(len(NAMES), len(QUESTION_NAMES), len(QUESTION_NAMES), len(NAMES))}"
        )
    return scorer


def calibrated(coefficients: tuple[float, ...], row: list[float]) -> float:
    """A whole-question probability; no candidates, no answer."""
    if not row:
        return 0.0
    return sigmoid(sum(c * x for c, x in zip(coefficients, row, strict=True)))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


ENV_VAR = "MEMBER_BOT_SCORER"


def load_scorer(path: str | None = None) -> Scorer:
    """The shipped weights (member_bot/data/scorer.json), or a council's own re-fit named
    by `path` or MEMBER_BOT_SCORER. A file that can't be read or doesn't fit stops with
    its name and why (ScorerFileError), rather than answering with weights it guessed."""
    chosen = path or os.environ.get(ENV_VAR) or None
    try:
        return _read_scorer(chosen)
    except (OSError, ValueError, ScorerFileError) as error:
        where = f"{ENV_VAR}={chosen}" if chosen and not path else chosen or "the shipped weights"
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ScorerFileError(f"{where}: {reason}") from error


@lru_cache(maxsize=4)
def _read_scorer(path: str | None) -> Scorer:
    if path:
        text = Path(path).read_text("utf-8")
    else:
        text = resources.files("member_bot").joinpath("data/scorer.json").read_text("utf-8")
    return scorer_from_json(json.loads(text))
