"""Quality and latency with the evaluation papers hidden among ~1M other passages.

    python benchmarks/hidden_bench.py [--extra 1000000] [--questions tests/eval/*.jsonl]

Why: a plan that finds the answer among 7,000 passages may lose it among a million.
The real papers (bundled corpus plus ../shared/corpus-real*) are indexed once; a
copy of that index then gets `--extra` generated passages whose words are drawn from
the real papers' own word frequencies (so every question word is as common, relative
to the rest, as it would be in a big council's archive), in generated papers of 40
passages. Both indexes answer the same questions with the shipped scorer. Printed per
index: the share of answerable questions whose answer is in the 3 shown, R@1,
unanswerable given `high`, and ask latency p50/p95/p99 in process, beside plain FTS5
BM25's shown-top-3 and latency in the same run. Indexes are cached in
/tmp/member-bot-bench/ or `--cache DIR` (delete it after changing the indexer);
`--papers` indexes other folders instead of the real papers.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/member-bot-bench")
PAPER_SIZE = 40
DEFAULT_QUESTIONS = ("questions.jsonl", "questions-holdout.jsonl")


def real_papers() -> list[Path]:
    roots = [REPO / "corpus", *sorted(REPO.parent.glob("shared/corpus-real*"))]
    return [root for root in roots if root.is_dir()]


def small_index(path: Path, papers: list[Path]) -> None:
    """The papers alone, as `member-bot index` builds them."""
    from indexer import store
    from indexer.run import index_paths

    if path.exists():
        return
    tmp = path.with_suffix(".building")
    conn = store.connect(tmp)
    index_paths(conn, papers)
    conn.close()
    tmp.rename(path)


def word_model(conn) -> tuple[list[str], list[float], list[int]]:
    """Words of the real passages with their cumulative frequencies, and passage lengths."""
    counts: Counter[str] = Counter()
    lengths = []
    for (text,) in conn.execute("SELECT text FROM passages"):
        words = text.split()
        counts.update(words)
        lengths.append(len(words))
    words = list(counts)
    cumulative, total = [], 0.0
    for word in words:
        total += counts[word]
        cumulative.append(total)
    return words, cumulative, lengths


def hide_among(small: Path, path: Path, extra: int, seed: int = 5) -> None:
    """A copy of the real index with `extra` generated passages around it."""
    from indexer import store

    if path.exists():
        return
    tmp = path.with_suffix(".building")
    shutil.copy(small, tmp)
    conn = store.connect(tmp)
    rng = random.Random(seed)
    words, cumulative, lengths = word_model(conn)
    first_doc = conn.execute("SELECT max(id) FROM documents").fetchone()[0] + 1
    first_passage = conn.execute("SELECT max(id) FROM passages").fetchone()[0] + 1
    start = time.perf_counter()
    conn.execute("BEGIN")
    count = (extra + PAPER_SIZE - 1) // PAPER_SIZE
    conn.executemany(
        """INSERT INTO documents (id, source, content_hash, title, type, committee,
               meeting_date, classification, passage_count, indexed_at)
           VALUES (?, ?, ?, ?, 'report', 'Generated Committee', ?, 'unrestricted', ?,
                   '2025-01-01')""",
        (
            (
                first_doc + i,
                f"generated/paper-{i}.pdf",
                f"generated-{i}",
                " ".join(rng.choices(words, cum_weights=cumulative, k=6)),
                f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                PAPER_SIZE,
            )
            for i in range(count)
        ),
    )

    def passages():
        for n in range(extra):
            text = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.choice(lengths)))
            yield (first_doc + n // PAPER_SIZE, n % PAPER_SIZE, str(n % PAPER_SIZE + 1), text)
            if n and n % 200_000 == 0:
                print(f"  {n:,} passages ({time.perf_counter() - start:.0f}s)", file=sys.stderr)

    conn.executemany(
        "INSERT INTO passages (document_id, seq, para, text, title) "
        "VALUES (?, ?, ?, ?, 'Generated paper')",
        passages(),
    )
    conn.execute(store.FILL_FTS + " WHERE id >= ?", (first_passage,))
    conn.execute("COMMIT")
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.rename(path)
    print(f"  hid the papers among {extra:,} passages in {time.perf_counter() - start:.0f}s")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def measure(path: Path, questions) -> dict:
    """Shown-top-3, R@1, unanswerable at `high` and latency, ours and BM25, one run."""
    from indexer import store
    from member_bot.baseline import bm25_answer
    from member_bot.evaluate import hit_rank
    from member_bot.search import answer_question

    conn = store.connect(path)
    for q in questions[:5]:
        answer_question(conn, q.q)
        bm25_answer(conn, q.q)
    ours, bm25, ours_ms, bm25_ms = [], [], [], []
    for q in questions:
        start = time.perf_counter()
        answer = answer_question(conn, q.q)
        ours_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        baseline = bm25_answer(conn, q.q)
        bm25_ms.append((time.perf_counter() - start) * 1000)
        ours.append((q, hit_rank(q, answer), answer.tier))
        bm25.append((q, hit_rank(q, baseline)))
    answerable = [o for o in ours if not o[0].unanswerable]
    unanswerable = [o for o in ours if o[0].unanswerable]
    passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    return {
        "passages": passages,
        "top3": sum(r is not None for _, r, _ in answerable) / len(answerable),
        "r1": sum(r == 1 for _, r, _ in answerable) / len(answerable),
        "unanswerable_high": sum(t == "high" for *_, t in unanswerable) / max(1, len(unanswerable)),
        "bm25_top3": sum(r is not None for q, r in bm25 if not q.unanswerable) / len(answerable),
        "ours_ms": ours_ms,
        "bm25_ms": bm25_ms,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=1_000_000)
    parser.add_argument(
        "--questions", nargs="*", default=[str(REPO / "tests/eval" / n) for n in DEFAULT_QUESTIONS]
    )
    parser.add_argument("--papers", nargs="*", type=Path, default=real_papers())
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    from member_bot.evaluate import read_questions

    if not args.papers or not all(p.exists() for p in args.papers):
        print("needs ../shared/corpus-real beside the checkout (or --papers)", file=sys.stderr)
        return 1
    questions = [q for path in args.questions for q in read_questions(Path(path))]
    args.cache.mkdir(parents=True, exist_ok=True)
    small = args.cache / "real-papers.db"
    hidden = args.cache / f"real-papers-among-{args.extra}.db"
    small_index(small, args.papers)
    hide_among(small, hidden, args.extra)
    print(f"{len(questions)} questions")
    header = (
        f"{'passages':>10} {'in 3 shown':>10} {'R@1':>5} {'unans high':>10} {'BM25 in 3':>9}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'BM25 p50':>8} {'BM25 p99':>8}"
    )
    print(header)
    print("-" * len(header))
    rows = [measure(path, questions) for path in (small, hidden)]
    for r in rows:
        print(
            f"{r['passages']:>10,} {r['top3']:>10.3f} {r['r1']:>5.2f}"
            f" {r['unanswerable_high']:>10.2f}"
            f" {r['bm25_top3']:>9.3f} {statistics.median(r['ours_ms']):>7.1f}"
            f" {percentile(r['ours_ms'], 95):>7.1f} {percentile(r['ours_ms'], 99):>7.1f}"
            f" {statistics.median(r['bm25_ms']):>8.1f} {percentile(r['bm25_ms'], 99):>8.1f}"
        )
    drop = rows[0]["top3"] - rows[1]["top3"]
    print(f"shown-top-3 change when hidden: {-drop:+.3f} (aim: no worse than -0.02)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
