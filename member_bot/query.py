"""A member's text -> filters and search concepts, and the FTS5 expressions for them (pure).

Whatever a member types (quotes, brackets, `*`, `-`, NEAR, AND, emoji, 10 kB of
paste) becomes words of letters and digits only, so the MATCH expressions built
here can never be a syntax error. Filters are typed the way Slack's own search
takes them: `committee:cabinet type:minutes after:2024-12-01 before:2025-03-31
from:oakford` (values may be quoted: `committee:"county council"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from member_bot.glossary import Glossary, words_of

MAX_WORDS = 64  # a pasted essay is cut here: nobody's question has more content words
CONTEXT_WEIGHT = 0.5

_STOP_TEXT = """
    a about above after again all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each
    either else ever few for from further get gets got had has have having he her here
    hers him his how i if in into is it its itself just let lets like me more most my no
    nor not now of off on once only or other our ours out over own per please re same say
    said says she should so some such tell than that the their theirs them then there
    these they this those through to too under until up upon us very via was we were
    what whats when where whether which while who whom whose why will with within would
    yet you your yours know show find give many much anything something someone
    happened happening going latest current currently mentioned stated papers paper
    regarding re thing things way ok okay thanks hi hello still supposed want wants
    wanted think thinks go goes went anyone anybody everyone looking look actually really
    don doesn didn isn aren wasn weren won wouldn shouldn couldn haven hasn hadn ll ve
    right moment there's does did
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
FOLLOW_UP_OPENERS = (
    ("and",),
    ("what", "about"),
    ("how", "about"),
    ("what", "of"),
    ("also",),
    ("same",),
    ("but",),
    ("ok", "and"),
)
HINT_WEIGHT = 0.4
FIGURE = "#figure"  # stands for any number in a passage; '#' never occurs in a parsed word
# The form of a question says what kind of words the answer uses.
# Each cue maps to hint concepts, each a tuple of alternative wordings.
QUESTION_HINTS: dict[tuple[str, ...], tuple[tuple[tuple[str, ...], ...], ...]] = {
    ("how", "many"): (((FIGURE,),), (("number",), ("total",))),
    ("how", "much"): (((FIGURE,),), (("cost",), ("total",))),
    ("what", "percentage"): (((FIGURE,),),),
    ("what", "proportion"): (((FIGURE,),),),
}
# "Did cabinet approve …?" is answered by the record of the decision, not the report.
_DECISION_TEXT = "approve approved agree agreed decide decided adopt adopted endorse endorsed"
DECISION_VERBS = frozenset((_DECISION_TEXT + " resolve resolved vote voted sign").split())
DECISION_HINT = (("resolved",), ("decision",))
TYPE_ALIASES = {
    "minute": "minutes",
    "reports": "report",
    "agendas": "agenda",
    "decisions": "decision",
    "appendices": "appendix",
    "question": "questions",
    "answer": "officer_answer",
    "answers": "officer_answer",
    "officer": "officer_answer",
}
_FILTER = re.compile(
    r"(?<![\w:])(committee|type|after|before|from):(?:\"([^\"]*)\"|“([^”]*)”|(\S+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Filters:
    """Restrictions on which papers may answer; None means no restriction."""

    committee: str | None = None
    type: str | None = None
    after: str | None = None  # ISO date, inclusive
    before: str | None = None  # ISO date, inclusive
    author: str | None = None

    def __bool__(self) -> bool:
        return any((self.committee, self.type, self.after, self.before, self.author))


@dataclass(frozen=True)
class Concept:
    """One thing the member asked about, with every wording that counts as it.

    `alternatives[0]` is what the member typed; the rest come from the glossary.
    `weight` is lower for words borrowed from the thread's earlier question.
    """

    alternatives: tuple[tuple[str, ...], ...]
    weight: float = 1.0
    from_context: bool = False
    hint: bool = False  # implied by the question's form ("how many" -> "number"), optional

    @property
    def optional(self) -> bool:
        """Not part of what the member asked for: it ranks, but never decides answering."""
        return self.from_context or self.hint

    @property
    def typed(self) -> tuple[str, ...]:
        return self.alternatives[0]

    @property
    def is_number(self) -> bool:
        return all(w.isdigit() for w in self.typed)

    def match_expression(self) -> str:
        """An FTS5 expression for any of the wordings (each a quoted phrase)."""
        phrases = [f'"{" ".join(p)}"' for p in self.alternatives if p != (FIGURE,)]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


@dataclass
class ParsedQuestion:
    """The member's question taken apart: what to look for and where."""

    text: str
    filters: Filters
    concepts: list[Concept]
    notes: list[str] = field(default_factory=list)

    @property
    def own_concepts(self) -> list[Concept]:
        return [c for c in self.concepts if not c.optional]


def _iso_date(value: str, *, end: bool) -> str | None:
    """'2024', '2024-12' or '2024-12-01' (also with / or .) -> an inclusive ISO bound."""
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?", value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
        if day is None:
            if end:
                nxt = date(year + (int(month) == 12), int(month) % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1).isoformat()
            return date(year, int(month), 1).isoformat()
        return date(year, int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_filters(text: str) -> tuple[str, Filters, list[str]]:
    """Take `key:value` filters out of the text; returns (remaining text, filters, notes)."""
    found: dict[str, str] = {}
    notes: list[str] = []

    def take(m: re.Match) -> str:
        key = m[1].lower()
        value = (m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]).strip()
        if not value:
            return " "
        if key in ("after", "before"):
            bound = _iso_date(value, end=key == "before")
            if bound is None:
                notes.append(f"ignored {key}:{value} (use a date like 2025-03-31)")
                return " "
            value = bound
        elif key == "type":
            value = value.lower()
            value = TYPE_ALIASES.get(value, value)
        found["author" if key == "from" else key] = value
        return " "

    remaining = _FILTER.sub(take, text)
    return remaining, Filters(**found), notes


def _concepts(words: tuple[str, ...], glossary: Glossary, *, weight: float, context: bool):
    """Greedy longest glossary phrase first, else one content word per concept."""
    out: list[Concept] = []
    i, longest = 0, glossary.longest
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = words[i : i + size]
            if phrase in glossary and not (size == 1 and _is_stop(phrase[0])):
                out.append(Concept((phrase, *glossary.alternatives(phrase)), weight, context))
                i += size
                break
        else:
            word = words[i]
            if not _is_stop(word):
                out.append(Concept(((word,),), weight, context))
            i += 1
    if not context:
        for i in range(len(words)):
            for cue, hints in QUESTION_HINTS.items():
                if words[i : i + len(cue)] == cue:
                    out.extend(Concept(w, HINT_WEIGHT, False, hint=True) for w in hints)
        if DECISION_VERBS.intersection(words):
            out.append(Concept(DECISION_HINT, HINT_WEIGHT, False, hint=True))
    unique: dict[tuple[str, ...], Concept] = {}
    for concept in out:
        unique.setdefault(concept.typed, concept)
    return list(unique.values())[:MAX_WORDS]


def _is_stop(word: str) -> bool:
    return word in STOP_WORDS or (len(word) == 1 and not word.isdigit())


def is_follow_up(words: tuple[str, ...], concept_count: int) -> bool:
    """A thread reply like "and what about adoption?" leans on the earlier question."""
    if concept_count <= 1:
        return True
    return any(words[: len(opener)] == opener for opener in FOLLOW_UP_OPENERS)


def parse_question(
    question: str, glossary: Glossary, *, context: str | None = None
) -> ParsedQuestion:
    """Filters, concepts and (for a follow-up) the earlier question's concepts at half weight."""
    text, filters, notes = parse_filters(question[:20_000])
    words = words_of(text)[: MAX_WORDS * 4]
    concepts = _concepts(words, glossary, weight=1.0, context=False)
    if context and is_follow_up(words, len(concepts)):
        context_text, context_filters, _ = parse_filters(context[:20_000])
        seen = {c.typed for c in concepts}
        for concept in _concepts(
            words_of(context_text)[: MAX_WORDS * 4], glossary, weight=CONTEXT_WEIGHT, context=True
        ):
            if concept.typed not in seen:
                concepts.append(concept)
        if not filters and context_filters:
            filters = context_filters
    return ParsedQuestion(text=text.strip(), filters=filters, concepts=concepts, notes=notes)


def and_expression(concepts: list[Concept]) -> str:
    return " AND ".join(c.match_expression() for c in concepts)


def or_expression(concepts: list[Concept]) -> str:
    return " OR ".join(c.match_expression() for c in concepts)
