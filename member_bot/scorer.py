"""The learned answer scorer: a logistic model over `features.NAMES`, and the three tiers.

Why a model: the decision to answer is a weighing of many weak signals, and weights
fitted on many councils' questions (`member-bot train`) carry to a council nobody has
seen better than rules written against one set of questions. Inference is a dot
product in plain Python, so answering needs no numpy.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from member_bot.features import NAMES
from member_bot.rerank import distinct

HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True)
class Ranking:
    """What the scorer decided for one question."""

    shown: list[int]  # candidate indexes shown, best first
    probabilities: list[float]  # per candidate, in the candidates' order
    best: float  # P(the best passage answers the question)
    tier: str
    offered: float = 0.0  # P(a passage shown answers it): high-or-medium versus low


@dataclass(frozen=True)
class Scorer:
    """Weights per feature, and the probabilities at which an answer is high or medium."""

    weights: tuple[float, ...]
    high: float
    medium: float
    calibration: tuple[float, ...] = ()  # P(the best one answers), over QUESTION_NAMES
    offer: tuple[float, ...] = ()  # P(one of those shown answers), over QUESTION_NAMES

    def logit(self, row: list[float]) -> float:
        """How strongly the features say this passage answers the question."""
        return sum(w * x for w, x in zip(self.weights, row, strict=True))

    def probability(self, row: list[float]) -> float:
        """P(this passage is an answer), passage by passage: orders the candidates."""
        return sigmoid(self.logit(row))

    def answer_probability(self, question: list[float]) -> float:
        """P(the best passage answers the question), from its `question_row`: fitted on
        its logit and its lead over the runner-up (several near-equal passages are a
        weaker answer than one that stands out)."""
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
        self, rows: list[list[float]], texts: list[str], top: int, logits: list[float] | None = None
    ) -> Ranking:
        """Candidates ordered by probability, the `top` distinct ones shown, and the tier
        of the best: the one decision `ask`, Slack and `eval --by-council` all take.
        `logits`, when given, are the rows' (fitting computes them for many at once)."""
        logits = [self.logit(r) for r in rows] if logits is None else logits
        probabilities = [sigmoid(z) for z in logits]
        order = sorted(range(len(rows)), key=lambda i: -probabilities[i])
        shown = distinct(order, texts, top)
        question = question_row(logits, rows)
        best = self.answer_probability(question)
        offered = self.offer_probability(question)
        tier = self.tier(best, rows[shown[0]], offered) if shown else LOW
        return Ranking(shown, probabilities, best, tier, offered)

    def as_json(self) -> dict:
        return {
            "features": list(NAMES),
            "weights": [round(w, 6) for w in self.weights],
            "high": round(self.high, 6),
            "medium": round(self.medium, 6),
            "question_features": list(QUESTION_NAMES),
            "calibration": [round(c, 6) for c in self.calibration],
            "offer": [round(c, 6) for c in self.offer],
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


def question_row(logits: list[float], rows: list[list[float]]) -> list[float]:
    """One question's calibration features (pure); no candidates gives an empty row."""
    if not logits:
        return []
    best = max(range(len(logits)), key=logits.__getitem__)
    rest = [z for i, z in enumerate(logits) if i != best]
    lead = logits[best] - (max(rest) if rest else logits[best] - 5.0)
    return [1.0, logits[best], min(lead, 5.0), *(rows[best][i] for i in _TOP)]


class ScorerFileError(Exception):
    """A weights file that does not fit this version's features."""


def scorer_from_json(data: dict) -> Scorer:
    """Check the file names exactly this version's features, in order, and gives a number
    for each, then build it: a file that does not fit is refused, never half-used."""
    if data.get("features") != list(NAMES):
        raise ScorerFileError("the scorer's weights were fitted on other features: re-train")
    if data.get("question_features") != list(QUESTION_NAMES):
        raise ScorerFileError("the scorer was calibrated on other question features: re-train")
    try:
        scorer = Scorer(
            tuple(float(w) for w in data["weights"]),
            float(data["high"]),
            float(data["medium"]),
            tuple(float(c) for c in data["calibration"]),
            tuple(float(c) for c in data["offer"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ScorerFileError(f"unreadable weights ({type(error).__name__}: {error})") from error
    sizes = (len(scorer.weights), len(scorer.calibration), len(scorer.offer))
    if sizes != (len(NAMES), len(QUESTION_NAMES), len(QUESTION_NAMES)):
        raise ScorerFileError(
            f"the weights file has {sizes} numbers where this version reads "
            f"{(len(NAMES), len(QUESTION_NAMES), len(QUESTION_NAMES))}"
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
