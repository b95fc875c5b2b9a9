"""What kind of fact a passage gives: the evidence the answer scorer weighs (pure).

Whether a passage holds the sum, date, length of time or count the member asked for,
and whether that figure is said of the noun they named ("the clerk's salary", not a
payments table's other sums). These are facts about language, the same in every
council's papers; how much each counts is learned (`member_bot/scorer.py`).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rapidfuzz import fuzz

from member_bot.query import FIGURE
from member_bot.rerank import (
    MONTHS,
    Candidate,
    ResolvedConcept,
)

PRESENT = 0.3  # matched share that counts as "there" (fuzzy credit, a lead-in's words)


SHARE_WORDS = frozenset({"percentage", "percent", "proportion"})
_SHARE = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent\b", re.IGNORECASE)
MONTH_YEAR_REACH = 4  # words between a month and its year ("March 2010", "March of 2010")


_MONEY = re.compile(
    r"[£€$]\s?\d|\d\s?(?:pence|pounds|euros?|p\b)|\b\d[\d,.]*\s?(?:k|m|bn|million|billion)\b",
    re.IGNORECASE,
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH_NAMES})\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b"
    r"|\b(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter|Monday|Tuesday|Wednesday|Thursday|Friday)\b"
    r"|\b(?:today|tomorrow|yesterday)\b|\bQ[1-4]\b"
    r"|\b(?:next|this|last|coming|following)\s+(?:week|month|year|quarter|financial year)\b"
    r"|\bend of (?:the )?(?:week|month|year|quarter)\b",
)
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several)"
_DURATION = re.compile(
    rf"\b{_COUNT}(?:\s*(?:to|-|–|or)\s*{_COUNT})?[\s-]+"
    r"(?:(?:working|school|calendar|business|clear)\s+)?"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?)\b"
    r"|\b(?:overnight|permanently|indefinitely)\b",
    re.IGNORECASE,
)
_ANY_FIGURE = re.compile(r"\d")
# What each kind of asked-for fact (query.asked_measure) must find in the passage.
MEASURES: dict[str, tuple[tuple[re.Pattern[str], ...], str]] = {
    "money": ((_MONEY,), "the passage gives no sum of money"),
    "date": ((_DATE,), "the passage gives no date"),
    "duration": ((_DURATION,), "the passage gives no length of time"),
    "rate": ((_SHARE, _MONEY), "the passage gives no rate"),
    "turnout": ((_SHARE, _ANY_FIGURE), "the passage gives no turnout figure"),
}


def gives(kind: str, text: str) -> bool:
    """Whether the text holds a fact of that kind (a key of MEASURES) anywhere."""
    return any(p.search(text) for p in MEASURES[kind][0])


NOUN_REACH = 8  # words between a sum (or rate) and the noun it is said of ("salary")
_TIED = ("money", "rate")  # turnout is said many ways ("22,866 young people voting")


def _word_forms(word: str) -> str:
    """A regex for a word and its plural / -ing / -ed forms ("salary", "salaries"; "costing"
    is said of "a cost of £120", "prices" of "the price")."""
    if word.endswith("y"):
        return re.escape(word[:-1]) + r"(?:y|ies)(?:s|es|ed|ing|ings)?"
    base = word
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            break
    return re.escape(base) + r"e?(?:s|es|ed|ing|ings)?"


def figure_of_noun(text: str, patterns: tuple[re.Pattern[str], ...], forms: list[tuple]) -> bool:
    """A figure of the asked kind within NOUN_REACH words of the noun (or a glossary
    form of it): "the clerk's salary" is not answered by a payments table's sums for
    hedge-cutting, nor "Oracle's total cost" by a reserve drawn down for it."""
    nouns = [
        m.start()
        for phrase in forms
        for m in re.finditer(
            r"\b" + r"\W+".join(_word_forms(w) for w in phrase) + r"\b", text, re.IGNORECASE
        )
    ]
    if not nouns:
        return False
    starts = [m.start() for m in re.finditer(r"\w+", text)]
    noun_at = [bisect_right(starts, n) for n in nouns[:50]]
    for pattern in patterns:
        for m in pattern.finditer(text):
            at = bisect_right(starts, m.start())
            if any(abs(at - n) <= NOUN_REACH for n in noun_at):
                return True
    return False


def missing_measure(
    cand: Candidate, concepts: list[ResolvedConcept], wants: str = "", noun: str = ""
) -> str:
    """What the member asked to be measured in, or dated by, that the passage lacks.

    "What percentage …" is answered by a figure in per cent, not by a count; "what is the
    salary …" by a sum of money, "when will …" by a date, "how long …" by a length of
    time; "in March 2010" by a passage that puts that month and year together (or a
    paper of that month), not by one that says "during 2010" and, elsewhere, "in March".
    """
    if wants in MEASURES:
        patterns, reason = MEASURES[wants]
        if not gives(wants, cand.text):
            return reason
        forms = [p for rc in concepts if noun in rc.concept.typed for p in rc.concept.alternatives]
        if wants in _TIED and noun and not figure_of_noun(cand.text, patterns, forms or [(noun,)]):
            return f"the passage gives no {noun}"
    typed = [w.lower() for rc in concepts if not rc.concept.hint for w in rc.concept.typed]
    if SHARE_WORDS.intersection(typed) and not _SHARE.search(cand.text):
        return "the passage gives no percentage"
    for month, year in zip(typed, typed[1:], strict=False):
        if month in MONTHS and len(year) == 4 and year.isdigit():
            if (cand.document.date or "").startswith(f"{year}-{MONTHS.index(month) + 1:02d}"):
                continue
            words = [w.lower() for w in (cand.words or {}).get("text", [])]
            months = [i for i, w in enumerate(words) if w == month]
            years = [i for i, w in enumerate(words) if w == year]
            if not any(abs(m - y) <= MONTH_YEAR_REACH for m in months for y in years):
                return f"the passage does not say what happened in {month} {year}"
    return ""


# Counts minutes spell out ("thirteen deaths"); not "one" ("one of the") nor the vague
# "hundreds of" / "dozens of".
_SPELT_TEXT = """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
"""
SPELT_COUNTS = frozenset(_SPELT_TEXT.split())
SPELT_REACH = 2  # words between a spelt-out count and the noun it counts
SPELT_LIKENESS = 84  # rapidfuzz ratio: "fatalaties" is "fatalities"


def spells_count(cand: Candidate, noun: str) -> bool:
    """A count spelt out right before the asked-for noun: "there were thirteen deaths"
    answers "how many road deaths …", "eighteen fatalities" answers "how many fatalaties".

    Only next to the noun: "two foster carers" does not answer "how many foster households".
    """
    if not noun:
        return False
    words = [w.lower() for w in (cand.words or {}).get("text", [])]
    for i, word in enumerate(words):
        if word not in SPELT_COUNTS:
            continue
        for after in words[i + 1 : i + 1 + SPELT_REACH]:
            if after == noun or fuzz.ratio(after, noun) >= SPELT_LIKENESS:
                return True
    return False


def wants_figure(concepts: list[ResolvedConcept]) -> bool:
    return any(c.concept.hint and (FIGURE,) in c.concept.alternatives for c in concepts)
