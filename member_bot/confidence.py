"""How sure the engine is that a passage answers the question, and when to decline.

Pure. Each passage is judged on its own, not only the best: a passage is part of the
answer only if it covers what the member asked for. Coverage is the share of the
member's concepts (each weighted by how rare it is in the papers) that the passage,
its heading or its paper (title, committee, date) contains. Some concepts must be
there whatever the share: a number or year the member typed, a name they wrote with a
capital ("Medway", "KCC"), and any word rare in the papers ("adopted", "Band D") -
a passage without it is a near miss, and a near miss presented as the answer is the
worst thing this bot can do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz

from member_bot.glossary import WORD, fold_marks
from member_bot.query import FIGURE
from member_bot.rerank import (
    FIGURE_NEAR,
    MONTHS,
    Candidate,
    ResolvedConcept,
    is_count,
    phrase_starts,
)

# Tuned on the "tune" half of tests/eval/questions.jsonl (see `member-bot eval --split`);
# raise it to decline more, lower it to answer more.
THRESHOLD = 0.45
RARE_IDF = 2.6  # a word in under ~1 passage in 13: the passage must contain it
SINGLE_RARE_IDF = 4.0  # a one-word question is answered only for a word this rare
MAX_RARE_MISSING = 2  # a long question may use its own words for two of the paper's
RARE_MISSING_SHARE = 0.5  # of the question's idf mass
MIN_CORE_COVERAGE = 0.5  # of what the question is about, beside its framing words
PRESENT = 0.3  # matched share that counts as "there" (fuzzy credit, a lead-in's words)
RARE_MISSING_PENALTY = 0.55
NO_FIGURE_PENALTY = 0.5  # "how many …?" answered by a passage without a figure near it
CONTEXT_NEEDED = 0.5  # a follow-up's passage must still be about the earlier question


@dataclass(frozen=True)
class Verdict:
    """Whether one passage may be presented as the answer, and why not."""

    confidence: float
    covered: bool
    reason: str = ""

    def passes(self, threshold: float = THRESHOLD) -> bool:
        return self.covered and self.confidence >= threshold


def missing_required(cand: Candidate, concepts: list[ResolvedConcept]) -> str:
    """Why the passage misses what the member asked for ('' if it does not).

    A number, a name, or more than a small share of the question's rare words: one
    rare word of a long question may be the member's own wording ("shut" for
    "closed"); two, or a rare word that is much of the question, is another question.
    """
    own_total = sum(rc.idf for rc in concepts if not rc.concept.optional) or 1.0
    rare_missing: list[ResolvedConcept] = []
    for index, rc in enumerate(concepts):
        if rc.concept.optional or cand.matched.get(index, 0.0) >= PRESENT:
            continue
        word = " ".join(rc.concept.typed)
        if rc.concept.is_number:
            return f"the passage does not mention {word}"
        if rc.concept.named:
            return f"the passage does not name {word}"
        if rc.concept.event:
            return f"the passage does not say {word}"
        if is_council_term(rc):
            return f"the passage does not mention {word}"
        if rc.idf >= RARE_IDF and not rc.concept.soft:
            rare_missing.append(rc)
    core = [(i, rc) for i, rc in enumerate(concepts) if not rc.concept.optional]
    core = [(i, rc) for i, rc in core if not rc.concept.soft] or core
    core_total = sum(rc.idf for _, rc in core) or 1.0
    core_found = sum(rc.idf * min(1.0, cand.matched.get(i, 0.0)) for i, rc in core)
    if core_found / core_total < MIN_CORE_COVERAGE:
        return "the passage is about something else"
    if len(rare_missing) > MAX_RARE_MISSING:
        return "the passage does not mention " + ", ".join(
            " ".join(rc.concept.typed) for rc in rare_missing
        )
    if sum(rc.idf for rc in rare_missing) / own_total > RARE_MISSING_SHARE:
        return f"the passage does not mention {' '.join(rare_missing[0].concept.typed)}"
    return ""


def is_council_term(rc: ResolvedConcept) -> bool:
    """An acronym or council term the member typed ("EHE", "home-schooled") that is rare
    in the papers: what the question is about, so a passage with none of its wordings
    answers some other question."""
    return rc.concept.is_subject and rc.idf >= RARE_IDF


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
        if not any(p.search(cand.text) for p in patterns):
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
NUMBER_WORDS = (
    frozenset(("one", "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens"))
    | SPELT_COUNTS
)
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


def counts_noun(cand: Candidate, concepts: list[ResolvedConcept], noun: str) -> bool:
    """A number that can count something within FIGURE_NEAR words of the counted noun,
    when the passage has that noun: "how many staff work in the service" is not answered
    by "the service was working with 894 young adults" (a number of young adults).

    A share is not a count: "how many children are in care in Medway" is not answered by
    "50% of those not placed in Kent were placed in Medway"."""
    found = [
        (i, rc)
        for i, rc in enumerate(concepts)
        if noun in rc.concept.typed and not rc.concept.optional
    ]
    tokens = (cand.stems or {}).get("text", [])
    where = (cand.where or {}).get("text", {})
    words = (cand.words or {}).get("text", [])
    if not found or not tokens:
        return True
    index, counted = found[0]
    if noun in ANYONE:  # "how many people …": applicants, residents, staff all count
        return bool(counts_in(cand, where, words))
    if cand.matched.get(index, 0.0) <= 0:
        return False  # "how many children were adopted" is not answered without children
    counts = counts_in(cand, where, words)
    at = phrase_starts(tokens, where, counted.stems[0])
    if not at:
        # met in other words ("pupils" for "kids"), a heading or a typo's likeness
        return bool(counts)
    return any(abs(c - a) <= FIGURE_NEAR for c in counts for a in at[:100])


# Counted nouns that say only "how many", not of what: any count of people answers them.
ANYONE = frozenset(["people", "persons", "individuals", "folk", "ones"])


def counts_in(cand: Candidate, where: dict, words: list[str]) -> list[int]:
    """Positions of numbers that count something: not years, dates, lengths of time or
    percentages."""
    shares = share_positions(cand.text)
    counts = [i for i in where.get(FIGURE, []) if is_count(words, i) and i not in shares]
    return counts + [i for i, w in enumerate(words) if w.lower() in NUMBER_WORDS]


_SHARE_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)


def share_positions(text: str) -> set[int]:
    """Word positions (as `words_of` counts them) of numbers given as a percentage."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = fold_marks(lowered)
    return {i for i, m in enumerate(WORD.finditer(lowered)) if _SHARE_AFTER.match(lowered, m.end())}


def wants_figure(concepts: list[ResolvedConcept]) -> bool:
    return any(c.concept.hint and (FIGURE,) in c.concept.alternatives for c in concepts)


def judge(
    cand: Candidate | None, concepts: list[ResolvedConcept], wants: str = "", noun: str = ""
) -> Verdict:
    """Confidence that `cand` answers the question, and whether it covers what was asked.

    `wants` is the kind of fact the question asks for (`query.asked_measure`), `noun`
    the word naming it (`query.asked_noun`)."""
    own = [(i, c) for i, c in enumerate(concepts) if not c.concept.optional]
    if cand is None or not own:
        return Verdict(0.0, False, "nothing to look for")
    figure = cand.has_figure or spells_count(cand, noun)
    value = confidence(cand, concepts, has_figure=figure)
    reason = missing_required(cand, concepts) or missing_measure(cand, concepts, wants, noun)
    if not reason and wants_figure(concepts) and not figure:
        reason = "no figure near what was asked about"
    if not reason and wants_figure(concepts) and noun and not counts_noun(cand, concepts, noun):
        reason = f"the passage gives no number of {noun}"
    if not reason and len(own) < 2 and not _single_word_match(cand, concepts, own[0][0]):
        reason = "too little asked to be sure"
    if not reason and not _about_earlier_question(cand, concepts):
        reason = "not about the earlier question in the thread"
    return Verdict(value, not reason, reason)


def _single_word_match(cand: Candidate, concepts: list[ResolvedConcept], index: int) -> bool:
    """A one-word question ("Ofsted?") is answered only by an exact match of a rare word."""
    has_context = any(c.concept.from_context and not c.concept.hint for c in concepts)
    rc = concepts[index]
    return cand.matched.get(index, 0.0) >= 1.0 and (has_context or rc.idf >= SINGLE_RARE_IDF)


def _about_earlier_question(cand: Candidate, concepts: list[ResolvedConcept]) -> bool:
    earlier = [(i, c) for i, c in enumerate(concepts) if c.concept.from_context]
    total = sum(c.idf for _, c in earlier)
    if not earlier or total <= 0:
        return True
    found = sum(c.idf * min(1.0, cand.matched.get(i, 0.0)) for i, c in earlier)
    return found / total >= CONTEXT_NEEDED


def confidence(
    best: Candidate | None, concepts: list[ResolvedConcept], *, has_figure: bool | None = None
) -> float:
    """0..1: idf-weighted coverage of the member's own concepts, with near-miss penalties.

    Half is coverage over the whole passage (and the question it answers), half is
    `focus`, coverage within one short stretch of it. A concept rarer than everything
    the passage did match, yet absent from it (a name, a place, a year), usually is
    the very fact asked for; so is the figure a "how many" question wants.
    """
    own = [(i, c) for i, c in enumerate(concepts) if not c.concept.optional]
    if best is None or not own:
        return 0.0
    value = best.coverage
    matched_idf = [c.idf for i, c in own if best.matched.get(i, 0) >= 1.0]
    missing = [c for i, c in own if best.matched.get(i, 0) < 0.5]
    # a framing word left out ("how quickly", "next year") is not a near miss
    if matched_idf and any(c.idf > max(matched_idf) for c in missing if not c.concept.soft):
        value *= RARE_MISSING_PENALTY
    if any(c.concept.is_number for c in missing):
        value *= RARE_MISSING_PENALTY
    value = 0.5 * value + 0.5 * best.focus
    figure = best.has_figure if has_figure is None else has_figure
    if wants_figure(concepts) and not figure:
        value *= NO_FIGURE_PENALTY
    return max(0.0, min(1.0, value))


def should_answer(value: float, threshold: float = THRESHOLD) -> bool:
    return value >= threshold
