"""General features of (question, passage, paper) for the learned answer scorer (pure).

Why: hand-written gates tuned on one council's questions did not carry to the next
council. Each feature here is a signal any council's papers show (how much of the
question a passage covers, whether the figure or date asked for is there, whether a
year the member typed agrees, how far ahead of the next candidate it stands); the
scorer (`member_bot/scorer.py`) learns how much each counts, from many councils.
"""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz

from member_bot import confidence as conf
from member_bot.query import ParsedQuestion, words_of
from member_bot.rerank import (
    Candidate,
    ResolvedConcept,
    idf,
)

CANDIDATES = 20  # ranked passages the scorer looks at
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)(?:\s*[-/–]\s*(\d\d(?:\d\d)?))?\b")

NAMES = (
    "bias",
    "log_score",
    "relative_score",
    "reciprocal_rank",
    "gap_to_next",
    "coverage",
    "focus",
    "matched_share",
    "core_coverage",
    "missing_max_idf",
    "measure_missing",
    "figure_wanted_absent",
    "kind_resolved",
    "kind_item",
    "short_passage",
    "log_length",
    "token_set",
    "partial",
    "year_agrees",
    "year_contradicts",
    "question_concepts",
    "question_idf",
    "same_paper_share",
    "who_named",
    "who_unnamed",
    "decision_given",
    "sum_wanted_absent",
    "date_wanted_absent",
)

# A person as papers name one: a title or office and a capitalised name, or a mover
_PERSON = re.compile(
    r"\b(?:Cllrs?|Councill?ors?|Mr|Mrs|Ms|Miss|Dr|Mayor|Chair(?:man|person)?|Cathaoirleach)"
    r"\.?\s+[A-Z]|\b(?:proposed|seconded|moved|presented|introduced) by\b"
)
# What a decision is recorded as, in any council's minutes
_DECIDED = re.compile(
    r"\b(?:agreed|approved?|resolved|declared|carried|adopted?|refused|rejected|"
    r"endorsed|decided|voted|unanimous\w*|deferred|granted|appointed|elected|lost|defeated)\b",
    re.IGNORECASE,
)
# A question about whether something was decided ("did …", "was it approved")
_DECISION_ASKS = frozenset(
    {
        "did", "was", "were", "has", "have", "decide", "decided", "decision", "agree", "agreed",
        "approve", "approved", "vote", "voted", "pass", "passed", "adopt", "adopted", "outcome",
        "resolved", "refuse", "refused",
    }
)  # fmt: skip


def years_in(text: str) -> set[str]:
    """Years a text names, a period ("2018/19", "2018-2019", "FY 2018/19") as its first
    year and its second: members and papers write the same financial year many ways."""
    found: set[str] = set()
    for m in _YEAR.finditer(text):
        found.add(m.group(1))
        if m.group(2):
            second = m.group(2)
            found.add(m.group(1)[:2] + second if len(second) == 2 else second)
    return found


def asks_sum_or_date(parsed: ParsedQuestion) -> tuple[bool, bool]:
    """Whether the member asks how much (a sum) or when (a date). A near miss is a passage
    on the very subject that lacks the one detail asked: "how much did they settle for"
    answered by the case's listing, "when will it open" by the plan with no date."""
    words = words_of(parsed.text)
    pairs = set(zip(words, words[1:], strict=False))
    return (
        parsed.wants == "money" or ("how", "much") in pairs,
        parsed.wants == "date" or "when" in words[:4],
    )


def question_features(
    parsed: ParsedQuestion, concepts: list[ResolvedConcept], ranked: list[Candidate]
) -> list[list[float]]:
    """One feature row per candidate among the first CANDIDATES, in ranked order."""
    shown = ranked[:CANDIDATES]
    if not shown:
        return []
    top = max(shown[0].score, 1e-9)
    # idf tops out near log(passages): divided by it, a score means the same on the
    # newcomer's two papers as on a council's whole archive
    most = idf(1, max((rc.total for rc in concepts), default=1))
    own = [(i, rc) for i, rc in enumerate(concepts) if not rc.concept.optional]
    own_idf = sum(rc.idf for _, rc in own)
    asked_years = years_in(parsed.text)
    papers = [c.document_id for c in shown[:5]]
    wants_figure = conf.wants_figure(concepts)
    asked = parsed.text.lower().split()
    asks_who = any(w.strip("?,.'") in ("who", "whom", "whose", "who's") for w in asked)
    asks_decision = bool(_DECISION_ASKS.intersection(w.strip("?,.'") for w in asked[:12]))
    asks_sum, asks_date = asks_sum_or_date(parsed)
    rows = []
    for rank, cand in enumerate(shown):
        # the last candidate has no runner-up to lead: its lead says nothing
        following = shown[rank + 1].score if rank + 1 < len(shown) else cand.score
        missing = [rc for i, rc in own if cand.matched.get(i, 0.0) < conf.PRESENT]
        core = [(i, rc) for i, rc in own if not rc.concept.soft] or own
        core_idf = sum(rc.idf for _, rc in core) or 1.0
        figure = cand.has_figure or conf.spells_count(cand, parsed.wants_noun)
        seen_years = years_in(f"{cand.text} {cand.heading or ''} {cand.document.date or ''}")
        seen_years |= years_in(f"{cand.document.title or ''} {cand.document.filed_as}")
        words = len((cand.words or {}).get("text", []))
        names_person = asks_who and bool(_PERSON.search(cand.text))
        rows.append(
            [
                1.0,
                math.log1p(cand.score / most),
                cand.score / top,
                1.0 / (rank + 1),
                (cand.score - following) / top,
                cand.coverage,
                cand.focus,
                sum(1 for i, _ in own if cand.matched.get(i, 0.0) >= 1.0) / max(len(own), 1),
                sum(rc.idf * min(1.0, cand.matched.get(i, 0.0)) for i, rc in core) / core_idf,
                max((rc.idf for rc in missing), default=0.0) / most,
                float(bool(conf.missing_measure(cand, concepts, parsed.wants, parsed.wants_noun))),
                float(wants_figure and not figure),
                float(cand.kind == "resolved"),
                float(cand.kind == "item"),
                float(words < 12),
                math.log1p(words) / 5,
                fuzz.token_set_ratio(parsed.text.lower(), cand.text.lower()) / 100,
                fuzz.partial_ratio(parsed.text.lower(), cand.text.lower()) / 100
                if len(parsed.text) < 300
                else 0.0,
                float(bool(asked_years) and bool(asked_years & seen_years)),
                float(bool(asked_years) and bool(seen_years) and not asked_years & seen_years),
                min(len(own), 8) / 8,
                min(own_idf / most, 8.0) / 8,
                papers.count(cand.document_id) / len(papers),
                float(asks_who and names_person),
                float(asks_who and not names_person),
                float(asks_decision and bool(_DECIDED.search(cand.text))),
                float(asks_sum and not conf.gives("money", cand.text)),
                float(asks_date and not conf.gives("date", cand.text)),
            ]
        )
    return rows
