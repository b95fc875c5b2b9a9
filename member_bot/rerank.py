"""Score candidate passages against the question: BM25F over text/heading/title + rapidfuzz.

Pure: candidates and resolved concepts in, scored candidates out. FTS5's own bm25()
is only used to choose candidates; the final order is decided here, where every
candidate is scored the same way whichever query stage found it, and where typos
and names ("saftguarding", "McNeil") earn partial credit through rapidfuzz.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from indexer.model import DocumentMeta
from member_bot.glossary import words_of
from member_bot.query import FIGURE, Concept

K1 = 0.9
B = 0.3
AVERAGE_LENGTH = 60.0  # words in a typical passage; only shapes length normalisation
FIELD_WEIGHTS = {"text": 1.0, "heading": 1.5, "context": 0.5, "title": 0.4, "meta": 0.2}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
FUZZY_CUTOFF = 84.0
FUZZY_CREDIT = 0.7
PROXIMITY = 4  # words apart for two concepts to count as one phrase

Stemmer = Callable[[list[str]], list[str]]


@dataclass
class ResolvedConcept:
    """A concept with the index's view of it: stems of each wording, and how rare it is."""

    concept: Concept
    stems: tuple[tuple[str, ...], ...]
    df: int
    idf: float
    total: int = 0  # passages in the index when the concept was resolved

    @property
    def weight(self) -> float:
        return self.concept.weight


@dataclass
class Candidate:
    """A passage that a query stage found, with its paper's metadata."""

    passage_id: int
    text: str
    para: str | None
    heading: str | None
    page: int | None
    kind: str
    context: str | None
    document: DocumentMeta
    document_id: int = 0
    seq: int = 0
    score: float = 0.0
    coverage: float = 0.0
    focus: float = 0.0  # coverage within the best window of FOCUS_WINDOW words
    has_figure: bool = False
    matched: dict[int, float] = field(default_factory=dict)  # concept index -> 0..1
    words: dict[str, list[str]] | None = field(default=None, repr=False)  # field -> words
    stems: dict[str, list[str]] | None = field(default=None, repr=False)  # field -> stems
    where: dict[str, Positions] | None = field(default=None, repr=False)  # field -> index


def paper_words(document: DocumentMeta) -> str:
    """What the paper itself says about every passage in it: committee, date, council.

    "How many … in Kent in 2025?" is answered by a passage of a 2025 Kent paper even
    when the passage's own words name neither.
    """
    parts = [document.committee or ""]
    if document.date:
        year, _, rest = document.date.partition("-")
        month = rest[:2]
        parts += [year, MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else ""]
    path = [f for f in document.filed_as.replace("\\", "/").split("/") if f]
    parts += path[-5:-1]  # e.g. kent-county-council/cabinet/2025-01-30
    if path:  # "24-00096 - EQIA.pdf": councils name a paper's kind in its file name
        parts.append(path[-1].rsplit(".", 1)[0])
    return " ".join(parts)


def idf(df: int, total: int) -> float:
    """BM25's idf, floored so a word in every passage still counts a little."""
    return max(0.05, math.log(1 + (total - df + 0.5) / (df + 0.5)))


SHORT_WORDS = 12  # a passage shorter than this is usually a heading, label or table cell
SHORT_FLOOR = 0.6  # what a one-word passage keeps of its score


def length_prior(words: int) -> float:
    """Short fragments ("Delivery of the Savings Plans") match a question's words densely
    yet rarely answer it; they keep SHORT_FLOOR..1 of their score, rising with length."""
    if words >= SHORT_WORDS:
        return 1.0
    return SHORT_FLOOR + (1 - SHORT_FLOOR) * words / SHORT_WORDS


Positions = dict[str, list[int]]  # stem -> where it occurs in one field
OWN_FIELDS = ("text", "heading", "context")  # a passage's own; title and meta are its paper's


def _index(tokens: list[str], wanted: set[str]) -> Positions:
    """Where each wanted stem occurs (FIGURE: every token starting with a digit).

    Most fields hold none of the question's few stems, so a set test (in C) first finds
    which stems to look for."""
    where: Positions = {}
    for stem in wanted.intersection(tokens):
        where[stem] = [i for i, token in enumerate(tokens) if token == stem]
    if FIGURE in wanted:
        where[FIGURE] = [i for i, token in enumerate(tokens) if token[:1].isdigit()]
    return where


def phrase_starts(tokens: list[str], where: Positions, phrase: tuple[str, ...]) -> list[int]:
    """Start positions of `phrase` in the field (one dictionary look-up for one word)."""
    starts = where.get(phrase[0], [])
    if len(phrase) == 1 or not starts:
        return starts
    n = len(phrase)
    return [i for i in starts if tuple(tokens[i : i + n]) == phrase]


def _tokenize(candidates: list[Candidate], wanted: set[str], stem: Stemmer) -> None:
    """Words, stems and stem positions of each field, stemmed in ONE tokenizer call.

    Stemming candidate by candidate cost five tokenizer round trips per passage, the
    largest share of ask latency at a million passages. A paper's title and metadata are
    the same for each of its passages, so they are read once a paper.
    """
    fresh = [c for c in candidates if c.words is None or c.stems is None]
    papers: dict[tuple, dict[str, list[str]]] = {}  # paper -> its title's and meta's words
    for cand in fresh:
        key = _paper_key(cand.document)
        if key not in papers:
            papers[key] = {
                "title": list(words_of(cand.document.title or "")),
                "meta": list(words_of(paper_words(cand.document))),
            }
        cand.words = {
            "text": list(words_of(cand.text)),
            "heading": list(words_of(cand.heading or "")),
            "context": list(words_of(cand.context or "")),
        } | papers[key]
    distinct: set[str] = set()
    for words in papers.values():
        distinct.update(*words.values())
    for cand in fresh:
        distinct.update(*((cand.words or {})[name] for name in OWN_FIELDS))
    ordered = list(distinct)
    look = dict(zip(ordered, stem(ordered), strict=True)).__getitem__
    paper_fields = {}  # paper -> (stems of its title and meta, their positions)
    for key, words in papers.items():
        stems = {name: list(map(look, w)) for name, w in words.items()}
        paper_fields[key] = (stems, {name: _index(s, wanted) for name, s in stems.items()})
    for cand in fresh:
        words = cand.words or {}
        paper_stems, paper_where = paper_fields[_paper_key(cand.document)]
        own = {name: list(map(look, words[name])) for name in OWN_FIELDS}
        cand.stems = own | paper_stems
        cand.where = {name: _index(s, wanted) for name, s in own.items()} | paper_where


def _paper_key(document: DocumentMeta) -> tuple:
    """What a paper's title and `paper_words` are read from."""
    return (document.title, document.committee, document.date, document.source)


def score_candidates(
    candidates: list[Candidate], concepts: list[ResolvedConcept], stem: Stemmer
) -> list[Candidate]:
    """Fill in `score`, `coverage` and `matched` for each candidate; returns them best first."""
    own_total = sum(c.idf * c.weight for c in concepts if not c.concept.optional) or 1.0
    wanted = {stem for rc in concepts for phrase in rc.stems for stem in phrase}
    _tokenize(candidates, wanted, stem)
    typos = near_words(concepts, candidates)
    for cand in candidates:
        raw_words, fields, where = cand.words, cand.stems, cand.where or {}
        length = len(fields["text"]) + len(fields["context"])
        norm = K1 * (1 - B + B * length / AVERAGE_LENGTH)
        score, covered = 0.0, 0.0
        cand.matched = {}
        starts: dict[int, list[int]] = {}  # concept -> positions in the text
        present: set[str] | None = None  # the passage's words, for typo credit
        for index, rc in enumerate(concepts):
            tf = 0.0
            for name, tokens in fields.items():
                at = where[name]  # only phrases whose first stem is in the field can start there
                if not at:
                    continue
                found = [i for p in rc.stems if p[0] in at for i in phrase_starts(tokens, at, p)]
                tf += FIELD_WEIGHTS[name] * len(found)
                if name == "text" and found:
                    starts[index] = found
            if tf > 0:
                part = 1.0
            elif near := typos.get(index):
                if present is None:
                    present = set(raw_words["text"]).union(raw_words["heading"])
                best = max((near[w] for w in present & near.keys()), default=0.0)
                part = tf = FUZZY_CREDIT * best / 100
            else:
                part = 0.0
            if part <= 0:
                continue
            cand.matched[index] = part
            score += rc.weight * rc.idf * tf * (K1 + 1) / (tf + norm)
            if not rc.concept.optional:
                covered += rc.idf * rc.weight * part
        score += _proximity_bonus(starts, concepts, cand.matched)
        cand.focus = _focus(starts, concepts, own_total)
        counts = [i for i in where["text"].get(FIGURE, []) if is_count(raw_words["text"], i)]
        cand.has_figure = _figure_near(counts, starts, concepts)
        cand.score = score * length_prior(len(fields["text"]))
        cand.coverage = covered / own_total
    return sorted(candidates, key=rank_key)


PREDECESSOR_SHARE = 0.3  # how much of the passage before it a passage inherits
_LEADS = re.compile(
    r"\?\s*[\"”’']?\s*$|^\s*(question|q\d|notice of motion|motion)\b|\bI will move\b"
    r"|\b(asked|enquired|queried|raised)\b.{0,80}$|:-?\s*$",
    re.IGNORECASE,
)


# A question or motion put in the chamber: the member wants its reply, not the question.
_ASKS = re.compile(
    r"\?\s*[\"”’']?\s*$|^\W*(question (by|from|to)|q\d|notice of motion|can the\b|could the\b"
    r"|will the\b|would the\b|please can\b|i will move|i propose|is the cabinet member)"
    r"|\b(i|we) asked (if|whether|what|why|how)\b",
    re.IGNORECASE,
)
ASKED_SHARE = 0.6  # of a chamber question's score that its reply inherits
ASKED_DEMOTION = 0.7  # what a chamber question keeps of its score when its reply is at hand
ASKED_MATCH_SHARE = 1.0  # of a chamber question's match that its reply is taken to cover
SHORT_REPLY = 80  # characters: "Thank you for requesting an update." opens a reply


def asks_question(text: str) -> bool:
    """A question, a notice of motion or a request put to the council (not its answer)."""
    stripped = text.strip()
    return bool(_ASKS.search(stripped[-300:]) or _ASKS.match(stripped))


def leads_to_answer(text: str) -> bool:
    """A question, a motion, a heading or a lead-in: what follows it is its answer."""
    stripped = text.strip()
    return len(stripped) < 80 or bool(_LEADS.search(stripped[-300:]) or _LEADS.match(stripped))


class Match(NamedTuple):
    """A passage's own match to the question, before it borrows from its neighbours."""

    score: float
    coverage: float
    matched: dict[int, float]
    focus: float

    def together(self, other: Match) -> Match:
        """Two passages read as one ("Question by Trudy Dean to …" and the question)."""
        matched = dict(self.matched)
        for index, part in other.matched.items():
            matched[index] = max(matched.get(index, 0.0), part)
        return Match(
            max(self.score, other.score),
            max(self.coverage, other.coverage),
            matched,
            max(self.focus, other.focus),
        )


def borrow_from_predecessors(candidates: list[Candidate]) -> list[Candidate]:
    """A passage right after a matching one inherits part of its match, then re-sorts.

    Papers put the answer after the question: "Question by Trudy Dean…" then the
    Cabinet Member's reply, a motion then the response, a heading then its paragraph.
    The follower gets a share of its predecessor's score and of its coverage. A reply to
    a question or motion put in the chamber answers what it asked, so it inherits the
    question's match (ASKED_MATCH_SHARE), and so does the rest of a reply that
    opens with a short courtesy ("Thank you for requesting an update.").
    """
    by_position = {(c.document_id, c.seq): c for c in candidates}
    own = {id(c): Match(c.score, c.coverage, dict(c.matched), c.focus) for c in candidates}
    asked = {id(c): own[id(c)] for c in candidates}  # a question with its heading's match
    replying: dict[int, Candidate] = {}  # reply passage -> the question it answers
    for cand in sorted(candidates, key=lambda c: (c.document_id, c.seq)):
        before = by_position.get((cand.document_id, cand.seq - 1))
        if before is None or not leads_to_answer(before.text):
            continue
        score, coverage, matched, focus = own[id(cand)]
        if asks_question(before.text) and asks_question(cand.text):
            # "Question by Trudy Dean to …" then the question itself: one question
            asked[id(cand)] = asked[id(before)].together(own[id(cand)])
        question = None
        if asks_question(before.text) and not asks_question(cand.text):
            question = before
        elif id(before) in replying and len(before.text.strip()) < SHORT_REPLY:
            question = replying[id(before)]
        if question is not None:
            replying[id(cand)] = question
            if len(cand.text.strip()) < SHORT_REPLY:
                continue  # "Thank you for your question." answers nothing itself
            q_score, q_coverage, q_matched, q_focus = asked[id(question)]
            cand.score = score + ASKED_SHARE * q_score
            question.score = min(question.score, own[id(question)].score * ASKED_DEMOTION)
            share, b_coverage, b_matched = ASKED_MATCH_SHARE, q_coverage, q_matched
            cand.focus = max(focus, share * q_focus)
        else:
            b_score, b_coverage, b_matched, _ = own[id(before)]
            cand.score = score + PREDECESSOR_SHARE * b_score
            share = PREDECESSOR_SHARE
        cand.coverage = max(coverage, share * b_coverage + (1 - share) * coverage)
        for index, part in b_matched.items():
            cand.matched[index] = max(matched.get(index, 0.0), share * part)
    return sorted(candidates, key=rank_key)


def rank_key(cand: Candidate) -> tuple:
    """Best score first; on a tie (to 3 places) the newer paper wins."""
    return (-round(cand.score, 3), _negated_date(cand.document.date), cand.passage_id)


def _negated_date(iso: str | None) -> tuple:
    if not iso:
        return (1,)
    return (0, tuple(-ord(ch) for ch in iso))


def fuzzy_word(concept: Concept) -> str | None:
    """The word a concept may be a misspelling of: one typed word of 5+ letters."""
    typed = concept.typed
    if len(typed) != 1 or len(typed[0]) < 5 or typed[0].isdigit():
        return None
    return typed[0]


def near_words(
    concepts: list[ResolvedConcept], candidates: list[Candidate]
) -> dict[int, dict[str, float]]:
    """For each concept that may be misspelt ("MacNeil" for "McNeil"), the candidates'
    words close enough to it for partial credit, with their closeness (0..100).

    Only words with the typed word's first letter count: typos rarely hit it. Compared
    once per distinct word, not once per passage that holds it."""
    typed = {i: w for i, rc in enumerate(concepts) if (w := fuzzy_word(rc.concept))}
    if not typed:
        return {}
    vocabulary: set[str] = set()
    for cand in candidates:
        words = cand.words or {}
        vocabulary.update(words.get("text", ()), words.get("heading", ()))
    near = {}
    for index, word in typed.items():
        same_start = [w for w in vocabulary if w[:1] == word[:1]]
        found = process.extract(
            word, same_start, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
        near[index] = {w: score for w, score, _ in found}
    return near


FOCUS_WINDOW = 30


def _focus(
    starts: dict[int, list[int]], concepts: list[ResolvedConcept], own_total: float
) -> float:
    """The share of the member's concepts found within one stretch of FOCUS_WINDOW words.

    An answer usually says the asked-for things in one sentence; a near miss scatters
    them over a long passage.
    """
    hits = sorted(
        (position, index)
        for index, positions in starts.items()
        if not concepts[index].concept.optional
        for position in positions
    )
    if not hits:
        return 0.0
    best, start = 0.0, 0
    for end in range(len(hits)):
        while hits[end][0] - hits[start][0] > FOCUS_WINDOW:
            start += 1
        inside = {index for _pos, index in hits[start : end + 1]}
        best = max(best, sum(concepts[i].idf * concepts[i].weight for i in inside))
    return best / own_total


FIGURE_NEAR = 15  # words between a figure and what it counts
_TIME_UNITS = frozenset(
    ("am", "pm", "hour", "hours", "minute", "minutes", "day", "days")
    + ("week", "weeks", "month", "months", "year", "years")
)


# A number naming a part of a paper ("appendix 1", "paragraph 3", "item 7"), not a count.
_REFERENCE_TEXT = """
    appendix appendices annex annexe schedule section para paragraph paragraphs page pages
    item items minute table figure chapter part clause no
"""
_REFERENCES = frozenset(_REFERENCE_TEXT.split())


def _is_year(word: str) -> bool:
    """1950-2099, except a round 2000 ("2000+ care leavers"): today's papers count far
    more often in round thousands than they look back to the millennium."""
    return len(word) == 4 and word.isdigit() and 1950 <= int(word) <= 2099 and word != "2000"


def is_count(words: list[str], i: int) -> bool:
    """Whether the number at `i` can count something: not a year ("in 2023", "2024-25"),
    a day of a month ("21 December", "28th January") or a length of time ("20-week").

    "How many UASC …?" is not answered by a passage whose only number is a closing date.
    """
    word = words[i].lower()
    before = words[i - 1].lower() if i > 0 else ""
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if _is_year(word) or word.endswith(("st", "nd", "rd", "th")):
        return False
    if before in MONTHS or after in MONTHS or after in _TIME_UNITS or before in _REFERENCES:
        return False
    return not (len(word) == 2 and _is_year(before))


def _figure_near(
    figures: list[int], starts: dict[int, list[int]], concepts: list[ResolvedConcept]
) -> bool:
    """A number close to one of the member's own concepts: what a "how many" answer needs."""
    own = [p for i, ps in starts.items() if not concepts[i].concept.optional for p in ps]
    return any(abs(f - p) <= FIGURE_NEAR for f in figures for p in own[:100])


def _proximity_bonus(
    starts: dict[int, list[int]], concepts: list[ResolvedConcept], matched: dict[int, float]
) -> float:
    """Two of the question's concepts next to each other read as the member's phrase."""
    present = [i for i in starts if matched.get(i, 0) >= 1.0]
    if len(present) < 2:
        return 0.0
    bonus = 0.0
    for a_index, a in enumerate(present):
        for b in present[a_index + 1 :]:
            pa, pb = starts[a][:50], starts[b][:50]
            if any(abs(x - y) <= PROXIMITY for x in pa for y in pb):
                weight = min(concepts[a].weight, concepts[b].weight)
                bonus += 0.25 * weight * min(concepts[a].idf, concepts[b].idf)
    return bonus


def distinct(
    order: Iterable[int],
    texts: list[str],
    top: int,
    same: Callable[[int, int], bool] | None = None,
) -> list[int]:
    """The first `top` indexes of `order` whose texts are not a repeat of one kept
    already (a decision form restating its report is shown once). `same` tells two
    candidates' texts apart by index when the caller remembers it (fitting does)."""
    repeat = same or (lambda i, j: same_words(texts[i], texts[j]))
    chosen: list[int] = []
    for i in order:
        if len(chosen) == top:
            break
        if not any(repeat(i, j) for j in chosen):
            chosen.append(i)
    return chosen


def repeats(shown: list[int], texts: list[str]) -> list[list[int]]:
    """For each shown passage, the other candidates repeating its words, in candidate
    order: the same recommendation in a report, its decision form and the minutes is
    shown once and cited in each paper."""
    taken = set(shown)
    return [
        [j for j in range(len(texts)) if j not in taken and same_words(texts[i], texts[j])]
        for i in shown
    ]


@lru_cache(maxsize=8192)
def same_words(a: str, b: str) -> bool:
    """Two passages saying the same thing (a decision form restating its report).
    Remembered: fitting compares the same candidates under every trial weighting."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) < 0.5 * len(long_):
        return False
    return fuzz.token_set_ratio(a, b) >= 92 and fuzz.ratio(a, b) >= 70
