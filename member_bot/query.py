"""A member's text -> filters and search concepts, and the FTS5 expressions for them (pure).

Whatever a member types (quotes, brackets, `*`, `-`, NEAR, AND, emoji, 10 kB of
paste) becomes words of letters and digits only, so the MATCH expressions built
here can never be a syntax error. Filters are typed the way Slack's own search
takes them: `committee:cabinet type:minutes after:2024-12-01 before:2025-03-31
from:oakford` (values may be quoted: `committee:"county council"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
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
    right moment there's does did mr mrs ms dr cllr
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Words that frame a question rather than name what it is about ("what's coming next
# year", "how long", "according to"): they rank, but a passage need not contain them.
_SOFT_TEXT = """
    take takes taking took get getting come comes coming came go gone near back ask asks
    asking asked next last year years month months week weeks long level according led
    past since every compare compared comparison happen happens new old good bad big
    small much enough put give given keep kept make makes making made end ends ending
    start started
    use used need needs needed able allowed told tell update updates latest anything
    time times today day days number numbers total amount quickly soon fast hear heard
"""
SOFT_WORDS = frozenset(_SOFT_TEXT.split())
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
# "LAC numbers?", "the number of EHCPs", "UASC stats": a count, asked without "how many"
COUNT_NOUN_CUES = frozenset(
    {("numbers",), ("number", "of"), ("figures",), ("stats",), ("statistics",)}
)
QUESTION_HINTS.update({cue: (((FIGURE,),),) for cue in sorted(COUNT_NOUN_CUES)})
# "are CP plan numbers going up or down" asks which way, and "has decreased" answers it.
_TREND_TEXT = """
    up down rising rise falling fall fallen increasing increase increased decreasing
    decrease decreased trend trends
"""
TREND_WORDS = frozenset(_TREND_TEXT.split())
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
_EMPTY_FILTER = re.compile(r"(?<![\w:])(committee|type|after|before|from):(?=\s|$)", re.IGNORECASE)
# FTS5 / search-engine syntax a member may paste: operators, not words they are asking about.
_OPERATORS = re.compile(r"\bNEAR\s*(?=\()|(?<![\w-])(?:AND|OR|NOT)(?![\w-])")
# A capitalised word after the first word of a sentence, or a word in capitals.
_NAMED = re.compile(r"(?<![.?!:]\s)(?<!^)(?<=\s)[A-Z][a-z]+[A-Za-z]*|\b[A-Z][A-Z0-9]+\b")
_JOINED_LETTERS = frozenset("bcdefghjklmnopqruvwxyz")  # not a / i (words) nor s / t (KCC's)


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
    named: bool = False  # typed with a capital mid-sentence or in capitals: a name, a place
    soft: bool = False  # frames the question ("next year"); ranks, never required
    term: bool = False  # a glossary term: an acronym or a council's name for something

    @property
    def optional(self) -> bool:
        """Not part of what the member asked for: it ranks, but never decides answering."""
        return self.from_context or self.hint

    @property
    def typed(self) -> tuple[str, ...]:
        return self.alternatives[0]

    @property
    def is_subject(self) -> bool:
        """An acronym the member typed ("EHE", "asc") or a several-word council term
        ("home schooled"): what the question is about, not a word of its framing."""
        if not self.term or self.soft or self.hint:
            return False
        if len(self.typed) > 1:
            return True
        letters = self.typed[0].removesuffix("s")
        return any(
            len(p) > 1 and letters in ("".join(w[0] for w in p), _initials_of_content(p))
            for p in self.alternatives[1:]
        )

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
    wants: str = ""  # the kind of fact asked for (see `asked_measure`), '' if any will do
    wants_noun: str = ""  # the word that names it ("salary", "cost"), see `asked_noun`
    writing: bool = False  # "write me a speech about …": asks for new text, see `asks_to_write`

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
                example = "2025-03-31" if key == "before" else "2024-12-01"
                notes.append(f"I didn't understand {key}:{value} — use a date like {key}:{example}")
                return " "
            value = bound
        elif key == "type":
            value = value.lower()
            value = TYPE_ALIASES.get(value, value)
        found["author" if key == "from" else key] = value
        return " "

    remaining = _FILTER.sub(take, text)

    def empty(m: re.Match) -> str:
        notes.append(f"{m[1].lower()}: needs a value, e.g. {_EXAMPLES[m[1].lower()]}")
        return " "

    remaining = _EMPTY_FILTER.sub(empty, remaining)
    return remaining, Filters(**found), notes


_EXAMPLES = {
    "committee": "committee:cabinet",
    "type": "type:minutes",
    "after": "after:2024-12-01",
    "before": "before:2025-03-31",
    "from": "from:oakford",
}


def named_words(text: str) -> frozenset[str]:
    """Words the member wrote as names ("Medway", "KCC"): the papers must say them too."""
    return frozenset(w for m in _NAMED.finditer(text) for w in words_of(m[0]))


def _concepts(
    words: tuple[str, ...],
    glossary: Glossary,
    *,
    weight: float,
    context: bool,
    named: frozenset[str] = frozenset(),
):
    """Greedy longest glossary phrase first, else one content word per concept.

    A lone letter after a content word stays with it ("Band D", "Plan B"): without it
    "Band D council tax" would be answered by any passage about tax bands.
    """
    out: list[Concept] = []
    i, longest = 0, glossary.longest
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            phrase = words[i : i + size]
            if phrase in glossary and not (size == 1 and _is_stop(phrase[0])):
                out.append(
                    Concept(
                        (phrase, *glossary.alternatives(phrase)),
                        weight,
                        context,
                        named=any(w in named for w in phrase),
                        # "going up", "keep": framing words, ranked in the papers' wording;
                        # a phrase of stop words only was not what the member asked about
                        hint=all(_is_stop(w) for w in phrase),
                        soft=all(w in SOFT_WORDS or _is_stop(w) for w in phrase),
                        term=True,
                    )
                )
                i += size
                break
        else:
            word = words[i]
            if not _is_stop(word):
                letter = words[i + 1] if i + 1 < len(words) else ""
                if len(letter) == 1 and letter in _JOINED_LETTERS:
                    out.append(Concept(((word, letter),), weight, context, named=word in named))
                    i += 1
                else:
                    wordings: tuple[tuple[str, ...], ...] = ((word,),)
                    if _starts_year_range(word, letter):  # "25/26" is written "2025-26"
                        wordings += (("20" + word,),)
                    elif i and _starts_year_range(words[i - 1][-2:], word[-2:]):
                        # the year a period ends: "2018/2019", "2018-19", "18/19" alike
                        wordings += ((word[-2:],) if len(word) == 4 else ("20" + word,),)
                    out.append(
                        Concept(
                            wordings,
                            weight,
                            context,
                            named=word in named,
                            soft=word in SOFT_WORDS,
                        )
                    )
            i += 1
    trend = bool(TREND_WORDS.intersection(words))
    for i in range(len(words)):
        for cue, hints in QUESTION_HINTS.items():
            if words[i : i + len(cue)] == cue and not (trend and cue in COUNT_NOUN_CUES):
                out.extend(Concept(w, HINT_WEIGHT, context, hint=True) for w in hints)
    if DECISION_VERBS.intersection(words):
        out.append(Concept(DECISION_HINT, HINT_WEIGHT, context, hint=True))
    unique: dict[tuple[str, ...], Concept] = {}
    for concept in out:
        unique.setdefault(concept.typed, concept)
    return list(unique.values())[:MAX_WORDS]


def _initials_of_content(phrase: tuple[str, ...]) -> str:
    return "".join(w[0] for w in phrase if w not in STOP_WORDS)


def _starts_year_range(word: str, following: str) -> bool:
    """'24' in '24/25' or '24-25': the first year of a financial year."""
    return (
        word != following
        and len(word) == 2
        and word.isdigit()
        and following.isdigit()
        and len(following) == 2
        and (int(word) + 1) % 100 == int(following)
    )


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
    """Filters, concepts and (for a follow-up) the earlier question's concepts at half weight.

    The earlier question's words only help ranking: what the follow-up itself names
    ("what about Medway?") must still be in the passage. Its question form carries
    over ("how many …" then "and in Medway?" still wants a figure).
    """
    text, filters, notes = parse_filters(question[:20_000])
    text = _OPERATORS.sub(" ", text)
    words = words_of(text)[: MAX_WORDS * 4]
    concepts = _concepts(
        words,
        glossary,
        weight=1.0,
        context=False,
        named=named_words(text),
    )
    own_count = len([c for c in concepts if not c.optional])
    if context and is_follow_up(words, own_count):
        context_text, context_filters, _ = parse_filters(context[:20_000])
        context_text = _OPERATORS.sub(" ", context_text)
        seen = {c.typed for c in concepts}
        hinted = any(c.hint for c in concepts)
        for concept in _concepts(
            words_of(context_text)[: MAX_WORDS * 4], glossary, weight=CONTEXT_WEIGHT, context=True
        ):
            if concept.typed in seen or (concept.hint and hinted):
                continue
            if concept.hint:  # the earlier question's form, as if asked again
                concept = replace(concept, weight=HINT_WEIGHT, from_context=False)
            concepts.append(concept)
        if not filters and context_filters:
            filters = context_filters
    return ParsedQuestion(
        text=text.strip(),
        filters=filters,
        concepts=concepts,
        notes=notes,
        wants=asked_measure(words),
        wants_noun=asked_noun(words),
        writing=asks_to_write(words),
    )


# The fact a question asks for, by the attribute it names. A word counts only as the
# head of what is asked ("the salary for …", "the clerk's salary", "total cost so far"),
# not as a modifier ("pay policy statement", "cost pressures").
MONEY_WORDS = frozenset(
    [
        "salary",
        "salaries",
        "wage",
        "wages",
        "cost",
        "costs",
        "costing",
        "price",
        "prices",
        "fee",
        "fees",
        "spend",
        "spending",
    ]
)
RATE_WORDS = frozenset(["rate", "rates"])
TURNOUT_WORDS = frozenset(["turnout"])
DATE_WORDS = frozenset(["deadline", "deadlines"])
_WHEN_AHEAD = frozenset(
    ["will", "is", "are", "does", "do", "s", "should", "can", "would", "must", "could"]
)
_LEAD_INS = frozenset(["so", "and", "ok", "okay", "but", "also"])
_POLITE = frozenset(["please", "can", "could", "you"])


def after_lead_ins(words: tuple[str, ...], lead_ins: frozenset[str] = _LEAD_INS) -> tuple[str, ...]:
    """The question without its conversational opening ("so", "ok and", "please can you")."""
    lead = 0
    while lead < len(words) and words[lead] in lead_ins:
        lead += 1
    return words[lead:]


_DATE_ASKS = (("what", "date"), ("which", "date"), ("what", "day"), ("by", "when"))


def asked_measure(words: tuple[str, ...]) -> str:
    """What kind of fact answers the question: 'money', 'date', 'duration', 'rate',
    'turnout' or '' (anything).

    "What is the salary of a social worker?" is not answered by a passage about social
    worker posts that gives no pay; "when will it open?" needs a date, "how long do they
    stay?" a length of time. A past "when did …?" is left alone: the meeting's own date,
    in the citation, can be the answer.
    """
    rest = after_lead_ins(words)
    if rest[:2] == ("how", "long"):
        return "date" if "ago" in rest[2:4] else "duration"
    for i in range(len(words) - 1):  # "EHE - how quickly do officers …"
        if words[i : i + 2] in (("how", "quickly"), ("how", "soon"), ("how", "fast")):
            return "duration"
    if rest[:1] == ("when",) and rest[1:2] and rest[1] in _WHEN_AHEAD:
        return "date"
    if words[-2:] == ("and", "when") or any(
        words[i : i + 2] == ask for ask in _DATE_ASKS for i in range(len(words) - 1)
    ):
        return "date"
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if after and not (after in STOP_WORDS or after in SOFT_WORDS):
            continue  # a modifier: "cost pressures", "rates rebate"
        if word in MONEY_WORDS:
            return "money"
        if word in DATE_WORDS:
            return "date"
        if word in RATE_WORDS:
            return "rate"
        if word in TURNOUT_WORDS:
            return "turnout"
    return ""


_WRITE_VERBS = frozenset(
    ["write", "compose", "draft", "generate", "create", "invent", "rewrite", "translate"]
)
_WRITE_OBJECTS = frozenset(["me", "us", "a", "an", "some", "my", "our"])


def asks_to_write(words: tuple[str, ...]) -> bool:
    """'Write me a limerick about potholes', 'draft a speech on …': a request for new text.

    The bot only quotes the papers; it never writes words of its own that a member might
    repeat as if the council had said them.
    """
    rest = after_lead_ins(words, _LEAD_INS | _POLITE)
    return len(rest) >= 2 and rest[0] in _WRITE_VERBS and rest[1] in _WRITE_OBJECTS


def asked_noun(words: tuple[str, ...]) -> str:
    """The head word naming the asked-for sum or rate ("salary" in "the clerk's salary"),
    '' when the question names none: the answer's figure must be said of it. For
    "how many fly-tipping prosecutions were there", the counted noun ("prosecutions")."""
    for i in range(len(words) - 1):
        if words[i : i + 2] == ("how", "many"):
            run: list[str] = []
            for word in words[i + 2 :]:
                if word in STOP_WORDS or word in SOFT_WORDS:
                    break
                run.append(word)
            if run:
                return run[-1]
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if after and not (after in STOP_WORDS or after in SOFT_WORDS):
            continue
        if word in MONEY_WORDS or word in RATE_WORDS:
            return word
    return ""


def and_expression(concepts: list[Concept]) -> str:
    return " AND ".join(c.match_expression() for c in concepts)


def or_expression(concepts: list[Concept]) -> str:
    return " OR ".join(c.match_expression() for c in concepts)
