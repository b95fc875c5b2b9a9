"""The answer engine: member's text -> planned FTS5 queries -> rerank -> quoted, cited Answer.

Pure apart from the queries in `retrieve`/`fetch_candidates`. The query plan keeps
latency bounded as the index grows: words are looked up in fts5vocab first, the
rarest concepts are ANDed together before anything is ORed, relaxing stops on a budget
of ranking work, and a stage matching more than RANK_AT_MOST passages (every one that
mentions "council") is ranked only when nothing narrower finds anything. `plan="full"`
(one OR of every concept) exists to show, in `member-bot eval`, that the fast plan keeps
the figures of the full one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace

from indexer.acronyms import looks_like_acronym
from indexer.store import DOCUMENT_META_COLUMNS, document_meta
from member_bot.answer_model import Answer, QuotedPassage
from member_bot.features import question_features
from member_bot.glossary import Glossary, load_glossary
from member_bot.query import (
    FIGURE,
    Concept,
    Filters,
    ParsedQuestion,
    and_expression,
    or_expression,
    parse_question,
)
from member_bot.quote import cut_quote
from member_bot.rerank import (
    SHORT_REPLY,
    Candidate,
    ResolvedConcept,
    asks_question,
    borrow_from_predecessors,
    distinct,
    idf,
    repeats,
    score_candidates,
)
from member_bot.scorer import HIGH, LOW, Scorer, load_scorer
from member_bot.terms import document_frequencies, nearest_terms, passage_total, stem_all

STAGE_LIMIT = 50  # candidates taken from each query stage that is ranked
WHOLE_STAGE = 100  # a stage matching no more than this is taken whole, unranked
CHEAP_PROBE = 5_000  # doclist entries: a stage of words this rare is checked past the budget
ENOUGH = 60  # candidates in hand before the budget may stop the relaxing
RANK_BUDGET = 60_000  # doclist entries and rows read to rank stages (~30 ms at 1M passages)
RANK_AT_MOST = 8_000  # a stage matching more passages than this is not ranked
OVERFETCH = 4  # bm25-ranked rows read per row kept, before the filters
MAX_AND = 8  # concepts in the strictest stage (a pasted essay is cut to its rarest)
PAIRED = 4  # the rarest concepts tried in pairs and alone when the ANDs find too little
COMMON_FLOOR = 2_000
COMMON_SHARE = 0.3  # words in more passages than this share are left out of the ANDs
FOLLOWED = 10  # leading candidates whose next passage is also considered
BM25_WEIGHTS = "1.0, 2.0, 0.5"  # text, heading, title
LEAD_IN_REACH = 20  # passages back to look for the lead-in of an item the segmenter left bare


WRITING_NOTICE = (
    "I only quote the council's papers: I can't write or make up text. Ask me what the"
    " papers say about it instead."
)
PAPER_COLUMNS = ", ".join(f"d.{c.strip()}" for c in DOCUMENT_META_COLUMNS.split(","))


@dataclass
class SearchResult:
    """Everything the engine worked out, for `ask`, `eval` and the tests."""

    parsed: ParsedQuestion
    concepts: list[ResolvedConcept]
    ranked: list[Candidate]
    stages: list[str]
    notices: list[str] = field(default_factory=list)


def answer_question(
    conn: sqlite3.Connection,
    question: str,
    *,
    top: int = 3,
    include_exempt: bool = False,
    context: str | None = None,
    glossary: Glossary | None = None,
    scorer: Scorer | None = None,
    plan: str = "fast",
) -> Answer:
    """Answer `question` from the index; `context` is an earlier question in the same thread.

    Returns at most `top` passages, best first. When the best passage does not cover
    what was asked, `answered` is False and the passages are only "possibly related".
    """
    result = search(
        conn, question, include_exempt=include_exempt, context=context, glossary=glossary, plan=plan
    )
    return build_answer(question, result, top=top, scorer=scorer)


def search(
    conn: sqlite3.Connection,
    question: str,
    *,
    include_exempt: bool = False,
    context: str | None = None,
    glossary: Glossary | None = None,
    plan: str = "fast",
) -> SearchResult:
    """Parse, plan, retrieve and score; no decision about answering yet."""
    parsed = parse_question(question, glossary or load_glossary(), context=context)
    concepts = resolve_concepts(conn, parsed)
    candidates, stages = retrieve(conn, concepts, parsed.filters, include_exempt, plan=plan)
    ranked = score_candidates(candidates, concepts, stem_all)
    known = {c.passage_id for c in ranked}
    followers = fetch_followers(conn, ranked[:FOLLOWED], known)
    # A question's text after its heading, and a reply that opens with a short courtesy,
    # go on in the passage after them.
    known |= {c.passage_id for c in followers}
    going_on = [f for f in followers if len(f.text) < SHORT_REPLY or asks_question(f.text)]
    followers += fetch_followers(conn, going_on, known)
    if followers:
        ranked = ranked + score_candidates(followers, concepts, stem_all)
    ranked = [c for c in borrow_from_predecessors(ranked) if c.score > 0]
    notices = parsed.notes + filter_notices(conn, parsed.filters)
    if parsed.writing:
        notices.append(WRITING_NOTICE)
    return SearchResult(parsed, concepts, ranked, stages, notices)


# A member's committee:/from: filter, on `documents d`, with its pattern given twice
COMMITTEE_MATCHES = (
    "(d.committee LIKE ? ESCAPE '\\' OR coalesce(d.library_path, d.source) LIKE ? ESCAPE '\\')"
)
AUTHOR_MATCHES = "(d.author LIKE ? ESCAPE '\\' OR d.contact LIKE ? ESCAPE '\\')"


def filter_notices(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    """Say so when a filter matches no paper at all, rather than answer nothing silently."""
    notices = []
    checks = (
        (
            "committee",
            filters.committee,
            COMMITTEE_MATCHES,
        ),
        ("from", filters.author, AUTHOR_MATCHES),
    )
    for key, value, condition in checks:
        if value:
            pattern = "%" + _like(value) + "%"
            sql = f"SELECT 1 FROM documents d WHERE {condition} LIMIT 1"
            if conn.execute(sql, (pattern, pattern)).fetchone() is None:
                notices.append(
                    f"No paper matches {key}:{value} — check the spelling, e.g. "
                    + ("committee:cabinet" if key == "committee" else "from:oakford")
                )
    if filters.type:
        types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM documents ORDER BY type")]
        if filters.type not in types:
            notices.append(
                f"No paper is of type:{filters.type} — the types are " + ", ".join(types)
            )
    return notices


def resolve_concepts(conn: sqlite3.Connection, parsed: ParsedQuestion) -> list[ResolvedConcept]:
    """Stems and document frequencies for each concept; a misspelt word gets the nearest term."""
    total = max(passage_total(conn), 1)
    all_words = [w for c in parsed.concepts for p in c.alternatives for w in p if w != FIGURE]
    stems = dict(zip(all_words, stem_all(all_words), strict=True))
    stems[FIGURE] = FIGURE
    dfs = document_frequencies(conn, stems.values())
    resolved: list[ResolvedConcept] = []
    for concept in parsed.concepts:
        phrases = tuple(tuple(stems[w] for w in p) for p in concept.alternatives)
        df = concept_df(phrases, dfs)
        if concept.hint:  # a cue, not a word the member typed: a nominal, modest rarity
            df = total // 10
        learned = papers_acronym(conn, concept)
        if learned:
            concept = replace(concept, alternatives=(*concept.alternatives, *learned), term=True)
            phrases = (*phrases, *(tuple(stem_all(list(p))) for p in learned))
            df = concept_df(phrases, document_frequencies(conn, {w for p in phrases for w in p}))
        if df == 0 and len(concept.typed) == 1:
            near = [t for t in nearest_terms(conn, phrases[0][0]) if stem_all([t]) == [t]]
            # "presept" is a misspelt word, not two run together ("pre sept")
            split = None if near else split_compound(conn, concept.typed[0])
            if split is not None:  # "smokefree" -> "smoke free", "satnav" -> "sat nav"
                concept = replace(concept, alternatives=(*concept.alternatives, split[0]))
                phrases = (*phrases, split[1])
                df += split[2]
            if near:
                concept = replace(
                    concept, alternatives=(*concept.alternatives, *((t,) for t in near))
                )
                phrases = (*phrases, *((t,) for t in near))
                df = sum(document_frequencies(conn, near).values())
        resolved.append(
            ResolvedConcept(concept, phrases, min(df, total), idf(min(df, total), total), total)
        )
    return resolved


LEARNED_MAX = 3  # expansions kept


def papers_acronym(conn: sqlite3.Connection, concept: Concept) -> list[tuple[str, ...]]:
    """What the papers say an acronym the glossary does not know stands for: learnt when
    they were indexed, from a definition ("the Local Transport Plan (LTP)") or a
    committee's initials. The most often given first; an exempt paper's are never used,
    since the expansion can show in a notice."""
    typed = concept.typed
    word = typed[0] if len(typed) == 1 else ""
    vowels = sum(ch in "aeiou" for ch in word)
    if concept.term or concept.hint or not looks_like_acronym(word):
        return []
    if not (concept.named or vowels == 0):
        return []
    rows = conn.execute(
        "SELECT a.expansion FROM acronyms a JOIN documents d ON d.id = a.document_id "
        "WHERE a.acronym = ? AND d.classification != 'exempt' "
        "GROUP BY a.expansion ORDER BY count(*) DESC, a.expansion LIMIT ?",
        (word, LEARNED_MAX + 1),
    ).fetchall()
    found = [tuple(expansion.split()) for (expansion,) in rows]
    return [p for p in found if p != typed][:LEARNED_MAX]


def concept_df(phrases: tuple[tuple[str, ...], ...], dfs: dict[str, int]) -> int:
    """Estimated passages holding any wording of a concept (pure).

    Each phrase counts as its rarest word, and wordings that stem alike ("home schooled",
    "home schooling") count once: counting them again made an acronym with several
    expansions look common, so the member's own subject ("EHE") ranked below the
    incidental words of their question.
    """
    unique = list(dict.fromkeys(p for p in phrases if p))
    return sum(min(dfs.get(s, 0) for s in p) for p in unique)


def split_compound(
    conn: sqlite3.Connection, word: str
) -> tuple[tuple[str, ...], tuple[str, ...], int] | None:
    """A run-together word the papers write as two ("smokefree"): (words, stems, est. df)."""
    if len(word) < 6 or not word.isalpha():
        return None
    best = None
    for cut in range(3, len(word) - 2):
        parts = (word[:cut], word[cut:])
        stems = tuple(stem_all(list(parts)))
        dfs = document_frequencies(conn, stems)
        df = min(dfs.values())
        if df > 0 and (best is None or df > best[2]):
            best = (parts, stems, df)
    return best


def _filter_sql(filters: Filters, include_exempt: bool) -> tuple[str, list]:
    """SQL conditions on `d` (documents) for the member's filters and the exempt rule."""
    where, args = [], []
    if not include_exempt:
        where.append("d.classification != 'exempt'")
    if filters.committee:
        pattern = "%" + _like(filters.committee) + "%"
        where.append(COMMITTEE_MATCHES)
        args += [pattern, pattern]
    if filters.type:
        where.append("d.type = ?")
        args.append(filters.type)
    if filters.after:
        where.append("d.meeting_date >= ?")
        args.append(filters.after)
    if filters.before:
        where.append("d.meeting_date <= ?")
        args.append(filters.before)
    if filters.author:
        pattern = "%" + _like(filters.author) + "%"
        where.append(AUTHOR_MATCHES)
        args += [pattern, pattern]
    return (" AND " + " AND ".join(where)) if where else "", args


def _like(value: str) -> str:
    """A LIKE pattern where '-', '_' and spaces match each other ("full-council")."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%")
    return "".join("_" if ch in " -_" else ch for ch in escaped)


def query_stages(
    concepts: list[ResolvedConcept], plan: str
) -> list[tuple[str, list[ResolvedConcept]]]:
    """Each stage's MATCH expression and the concepts it ANDs, strictest first.

    Concepts are ordered by weight x idf (rarest of the member's own words first). The
    AND of all of them runs first; then the AND of fewer and fewer of the rarest (the
    commonest words say least about which passage answers); then each concept left out
    in turn, commonest first (one odd word must not hide the answer); then pairs of the
    rarest; then each rare one alone. Leaving the rarest out first filled a big index's
    budget with passages sharing only the member's common words: hidden among a million
    generated passages, 0.852 of answers were among the candidates, 0.875 this way.
    """
    usable = [c for c in concepts if c.df > 0 and not c.concept.hint]
    if not usable:
        return []
    if plan == "full":
        return [(or_expression([c.concept for c in usable]), usable)]
    # The member's acronym or council term ("EHE") is what the question is about; their
    # own rare wording ("how quickly", "get in touch") may be nowhere in the answer.
    ordered = sorted(usable, key=lambda c: (not c.concept.is_subject, -(c.idf * c.weight)))
    ordered = ordered[:MAX_AND]
    # A word in a large share of the passages filters little and costs a long doclist
    # merge; the re-ranker still scores it, so the ANDs leave it out.
    selective = [c for c in ordered if c.df <= common_above(concepts)]
    ordered = selective or ordered[:2]
    groups: list[list[ResolvedConcept]] = [ordered]
    if len(ordered) >= 3:
        groups += [ordered[:i] for i in range(len(ordered) - 1, 2, -1)]
        groups += [ordered[:i] + ordered[i + 1 :] for i in reversed(range(len(ordered)))]
    rare = ordered[:PAIRED]
    groups += [[a, b] for i, a in enumerate(rare) for b in rare[i + 1 :]]
    groups += [[c] for c in rare]
    stages = {and_expression([c.concept for c in group]): group for group in groups}
    return list(stages.items())


def common_above(concepts: list[ResolvedConcept]) -> int:
    """Document frequency above which a concept is too common to AND on."""
    total = max((c.total for c in concepts), default=0)
    return max(COMMON_FLOOR, int(total * COMMON_SHARE))


def retrieve(
    conn: sqlite3.Connection,
    concepts: list[ResolvedConcept],
    filters: Filters,
    include_exempt: bool,
    *,
    plan: str = "fast",
) -> tuple[list[Candidate], list[str]]:
    """Run the stages, strictest first, until the work of ranking them is spent and enough
    candidates are in hand; returns them and the stages tried.

    A stage is first read unordered up to RANK_AT_MOST rows: one that matches no more than
    WHOLE_STAGE is taken whole, at no cost to the budget. A larger one is ranked by bm25,
    which reads each of its words' whole doclist to weigh it and then scores every row,
    so it costs its concepts' document frequencies plus its rows. Stopping on that work
    rather than on a count of candidates keeps relaxing the query on a big index, where
    the strict stages fill up with passages that merely share the member's words; one
    matching more than RANK_AT_MOST is too broad to rank and is passed over, unless no
    stage finds anything else. Once the budget is spent, a stage whose words are all rare
    (CHEAP_PROBE) is still read, and kept if it is small enough to take whole: it costs
    little, and on a big index the answer is often the one passage two rare words share.
    """
    where, args = _filter_sql(filters, include_exempt)
    found: dict[int, None] = {}
    ran: list[str] = []
    spent = 0
    too_broad: list[str] = []
    for expression, group in query_stages(concepts, plan):
        cost = sum(c.df for c in group)  # doclist entries a probe or bm25 reads
        spent_all = spent >= RANK_BUDGET and len(found) >= ENOUGH
        if spent_all and cost > CHEAP_PROBE:
            continue
        ran.append(expression)
        if plan == "full":
            rows = ranked_rows(conn, expression, where, args, STAGE_LIMIT * 2)
        else:
            # past the budget only a stage small enough to take whole is kept: read no further
            limit = WHOLE_STAGE + 1 if spent_all else RANK_AT_MOST + 1
            ids, matched = probe(
                conn, expression, where if filters else "", args if filters else [], limit
            )
            if spent_all and matched > WHOLE_STAGE:
                continue
            if matched > RANK_AT_MOST:
                too_broad.append(expression)
                continue
            if matched <= WHOLE_STAGE:
                rows = allowed_rows(conn, ids, where, args)
            else:
                spent += cost + matched
                whole = None if filters else matched  # filtered, the probe counted fewer
                rows = ranked_rows(conn, expression, where, args, STAGE_LIMIT, matched=whole)
        for rowid in rows:
            found.setdefault(rowid, None)
    if not found and too_broad:  # a question of common words alone still gets passages
        found = dict.fromkeys(ranked_rows(conn, too_broad[0], where, args, STAGE_LIMIT))
    return fetch_candidates(conn, list(found)), ran


MATCHED_PAPERS = (  # a stage's matches with their papers, for the filters' conditions on `d`
    "SELECT passages_fts.rowid FROM passages_fts "
    "JOIN passages p ON p.id = passages_fts.rowid "
    "JOIN documents d ON d.id = p.document_id WHERE passages_fts MATCH ?"
)


def probe(
    conn: sqlite3.Connection, expression: str, where: str, args: list, limit: int
) -> tuple[list[int], int]:
    """How many passages a stage matches, counted up to `limit`, and which they are when
    no more than WHOLE_STAGE. Without the member's filters the FTS table alone is read
    (the exempt rule, applied to what is kept, turns few away); with them the papers are
    joined, so a stage is judged on what they allow. A broad stage is counted in SQLite,
    not fetched row by row: at a million passages a broad probe took 1.6 rather than 3.5
    ms."""
    if not where:
        sql = "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?"
    else:
        sql = f"{MATCHED_PAPERS}{where} LIMIT ?"
    ids = [r[0] for r in conn.execute(sql, (expression, *args, min(limit, WHOLE_STAGE + 1)))]
    if len(ids) <= WHOLE_STAGE or limit <= WHOLE_STAGE + 1:
        return ids, len(ids)
    (matched,) = conn.execute(
        f"SELECT count(*) FROM ({sql})", (expression, *args, limit)
    ).fetchone()
    return [], matched


def allowed_rows(conn: sqlite3.Connection, ids: list[int], where: str, args: list) -> list[int]:
    """The given passages that the member's filters and the exempt rule allow."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id "
        f"WHERE p.id IN ({marks}){where} ORDER BY p.id"
    )
    return [r[0] for r in conn.execute(sql, (*ids, *args))]


def ranked_rows(
    conn: sqlite3.Connection,
    expression: str,
    where: str,
    args: list,
    limit: int,
    *,
    matched: int | None = None,
) -> list[int]:
    """The stage's `limit` best passages by bm25 that the filters allow.

    bm25 is taken over the FTS table alone, joined to the papers only for its best
    rows; when the filters turn most of those away the whole match is filtered instead,
    unless those best rows were the whole match (`matched`: every match, when counted).
    """
    inner = limit * OVERFETCH
    rows = conn.execute(
        f"SELECT f.rowid FROM (SELECT rowid, bm25(passages_fts, {BM25_WEIGHTS}) AS r "
        "FROM passages_fts WHERE passages_fts MATCH ? ORDER BY r LIMIT ?) f "
        "JOIN passages p ON p.id = f.rowid JOIN documents d ON d.id = p.document_id "
        f"WHERE 1{where} ORDER BY f.r LIMIT ?",
        (expression, inner, *args, limit),
    ).fetchall()
    if len(rows) < limit and where and (matched is None or matched > inner):
        rows = conn.execute(
            f"{MATCHED_PAPERS}{where} ORDER BY bm25(passages_fts, {BM25_WEIGHTS}) LIMIT ?",
            (expression, *args, limit),
        ).fetchall()
    return [r[0] for r in rows]


def fetch_followers(
    conn: sqlite3.Connection, leaders: list[Candidate], known: set[int]
) -> list[Candidate]:
    """The passage after each leading candidate (where papers put the answer to a question)."""
    if not leaders:
        return []
    pairs = ",".join("(?, ?)" for _ in leaders)
    args = [value for c in leaders for value in (c.document_id, c.seq + 1)]
    rows = conn.execute(
        f"SELECT p.id FROM (VALUES {pairs}) AS v "
        "JOIN passages p ON p.document_id = v.column1 AND p.seq = v.column2",
        args,
    ).fetchall()
    return fetch_candidates(conn, [r[0] for r in rows if r[0] not in known])


def fetch_candidates(conn: sqlite3.Connection, ids: list[int]) -> list[Candidate]:
    """The passages and their papers' metadata for the given passage ids."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"""SELECT p.id, p.text, p.para, p.heading, p.page, p.kind,
                   CASE WHEN p.kind = 'item' AND coalesce(p.context, '') = '' THEN (
                       SELECT q.text FROM passages q
                       WHERE q.document_id = p.document_id AND q.seq < p.seq
                         AND q.seq >= p.seq - {LEAD_IN_REACH} AND q.kind != 'item'
                       ORDER BY q.seq DESC LIMIT 1)
                   ELSE p.context END,
                   p.document_id, p.seq, {PAPER_COLUMNS}
            FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE p.id IN ({marks})""",
        ids,
    ).fetchall()
    return [
        Candidate(
            passage_id=r[0],
            text=r[1],
            para=r[2],
            heading=r[3],
            page=r[4],
            kind=r[5],
            context=r[6] if r[6] and r[6].rstrip().endswith((":", ":-", "—", "–")) else None,
            document_id=r[7],
            seq=r[8],
            document=document_meta(tuple(r)[9:]),
        )
        for r in rows
    ]


def distinct_passages(ranked: list[Candidate], top: int) -> list[Candidate]:
    """The best `top` passages, showing words repeated across papers only once."""
    return [ranked[i] for i in distinct(range(len(ranked)), [c.text for c in ranked], top)]


def quoted(c: Candidate, weights: dict[str, float]) -> QuotedPassage:
    """A candidate as shown: its quote cut around the question's words."""
    return QuotedPassage(
        passage_id=c.passage_id,
        quote=cut_quote(c.text, weights, stem_all),
        text=c.text,
        para=c.para,
        heading=c.heading,
        page=c.page,
        score=c.score,
        document=c.document,
        kind=c.kind,
    )


def build_answer(
    question: str, result: SearchResult, *, top: int = 3, scorer: Scorer | None = None
) -> Answer:
    """Order the candidates by the learned scorer and tier the answer by its best one (pure).

    `high`: the passages are the answer. `medium`: they may answer it and the member is
    told so. `low`: the papers do not seem to answer; the passages are only "possibly
    related". A request to write new text is always `low`.
    """
    model = scorer or load_scorer()
    rows = (
        []
        if result.parsed.writing
        else question_features(result.parsed, result.concepts, result.ranked)
    )
    if rows:
        texts = [c.text for c in result.ranked[: len(rows)]]
        ranking = model.rank(rows, texts, max(top, 0))
        shown = [replace(result.ranked[i], score=ranking.probabilities[i]) for i in ranking.shown]
        elsewhere = [  # never an exempt paper's name beside a passage that may be shared
            [result.ranked[j] for j in same if result.ranked[j].document.classification != "exempt"]
            for same in repeats(ranking.shown, texts)
        ]
        best, tier = ranking.best, ranking.tier
    else:  # nothing scored (a request to write): the nearest passages, declined
        shown, best, tier = distinct_passages(result.ranked, max(top, 0)), 0.0, LOW
        elsewhere = [[] for _ in shown]
    if tier == HIGH:  # only passages that themselves may answer stand beside the answer
        kept = [n for n, c in enumerate(shown) if c.score >= model.medium] or [0]
        shown, elsewhere = [shown[n] for n in kept], [elsewhere[n] for n in kept]
    weights: dict[str, float] = {}
    for rc in result.concepts:
        for phrase in rc.stems:
            for stem in phrase:
                weights[stem] = max(weights.get(stem, 0.0), rc.idf * rc.weight)
    passages = [
        replace(quoted(c, weights), also_in=[quoted(r, weights) for r in same])
        for c, same in zip(shown, elsewhere, strict=True)
    ]
    answered = tier == HIGH and bool(passages)
    return Answer(
        question=question,
        answered=answered,
        followup_suggested=not answered,
        passages=passages,
        confidence=best,
        tier=tier if passages else LOW,
        notices=list(result.notices),
    )
