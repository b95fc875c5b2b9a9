"""Ask latency at 10k / 100k / 1M passages: the planned engine vs plain FTS5 BM25, same run.

    python benchmarks/query_bench.py [--sizes 10000,100000,1000000] [--questions 200]

For each size a generated index (Zipf-distributed council-like vocabulary, passages
of 15-90 words in papers of 40 passages, cached under /tmp/member-bot-bench/ keyed by
size) is queried with generated member-style questions (words drawn from a passage,
with stop words, a typo in one question in five). Each size runs in its own process
so its peak memory (max RSS) is its own. Reported per size: p50/p95/p99 of
`answer_question` (retrieval + re-rank + quote, in process) and of the plain
`MATCH 'a OR b OR …' ORDER BY bm25 LIMIT 3` query, peak RSS, and how often the fast
plan's best passage is the full OR plan's best passage (agreement).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path("/tmp/member-bot-bench")
PAPER_SIZE = 40
VOCABULARY_SIZE = 120_000
_HEAD_TEXT = (
    "the of and to in a that is for on be by with as at from this are will it have "
    "council members officers budget children care school places adoption review "
    "scrutiny committee cabinet decision recommendation funding pressure social workers "
    "vacancies safeguarding referrals district planning transport highways waste "
    "library consultation strategy delivery performance quarter forecast kent county "
    "report services young people adult health education housing capital revenue "
    "grant reserves savings contract provision needs plan financial year million "
    "agreed resolved noted cabinet member director corporate public risk"
)
HEAD = _HEAD_TEXT.split()
STOP = ["how", "many", "what", "is", "the", "did", "about", "in", "we", "are", "any"]
_SYLLABLE_TEXT = "ka lo mi ne ru sa te vi bo da fe gu hi jo pe qua re si to ul ve wy xa zo"
SYLLABLES = _SYLLABLE_TEXT.split()


def vocabulary(rng: random.Random) -> list[str]:
    """HEAD words first (most frequent), then pronounceable made-up words."""
    words = list(dict.fromkeys(HEAD))
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_cumulative(n: int, s: float = 1.05) -> list[float]:
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def build(path: Path, size: int, seed: int = 7) -> None:
    """Generate `size` passages into a fresh index in one transaction (executemany)."""
    from indexer import store

    rng = random.Random(seed)
    words = vocabulary(rng)
    cumulative = zipf_cumulative(len(words))
    tmp = path.with_suffix(".building")
    for leftover in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        leftover.unlink(missing_ok=True)
    conn = store.connect(tmp)
    committees = ["Cabinet", "County Council", "Scrutiny Committee", "Planning Committee"]
    start = time.perf_counter()
    conn.execute("BEGIN")
    papers = (size + PAPER_SIZE - 1) // PAPER_SIZE
    conn.executemany(
        """INSERT INTO documents (id, source, content_hash, title, type, committee,
               meeting_date, classification, passage_count, indexed_at)
           VALUES (?, ?, ?, ?, 'report', ?, ?, 'unrestricted', ?, '2025-01-01')""",
        (
            (
                i + 1,
                f"generated/paper-{i + 1}.pdf",
                str(i),
                " ".join(rng.choices(words[:3000], cum_weights=cumulative[:3000], k=5)),
                committees[i % len(committees)],
                f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                PAPER_SIZE,
            )
            for i in range(papers)
        ),
    )

    def passages():
        for n in range(size):
            text = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(15, 90)))
            yield (n // PAPER_SIZE + 1, n % PAPER_SIZE, f"{n % PAPER_SIZE + 1}", text[:60], text)
            if n and n % 100_000 == 0:
                print(f"  {n:,} passages ({time.perf_counter() - start:.0f}s)", file=sys.stderr)

    conn.executemany(
        "INSERT INTO passages (document_id, seq, para, heading, text, title) "
        "VALUES (?, ?, ?, ?, ?, 'Generated paper')",
        passages(),
    )
    conn.execute(store.FILL_FTS)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('optimize')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmp.rename(path)
    print(f"  built {size:,} passages in {time.perf_counter() - start:.0f}s", file=sys.stderr)


def make_questions(conn, count: int, seed: int = 11) -> list[str]:
    """Member-style questions whose words come from a real passage of the index."""
    rng = random.Random(seed)
    top = conn.execute("SELECT max(id) FROM passages").fetchone()[0]
    questions = []
    while len(questions) < count:
        row = conn.execute("SELECT text FROM passages WHERE id = ?", (rng.randint(1, top),))
        text = row.fetchone()
        if text is None:
            continue
        words = text[0].split()
        picked = rng.sample(words, min(len(words), rng.randint(2, 5)))
        if rng.random() < 0.2:  # a typo
            w = picked[0]
            if len(w) > 4:
                i = rng.randrange(1, len(w) - 1)
                picked[0] = w[:i] + w[i + 1 :]
        questions.append(" ".join(rng.sample(STOP, 2) + picked) + "?")
    return questions


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def worker(size: int, count: int, agreement: int) -> dict:
    """One size in this process: build or reuse the index, time both engines."""
    from indexer import store
    from member_bot.baseline import bm25_answer
    from member_bot.search import answer_question

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"passages-{size}.db"
    if not path.exists():
        build(path, size)
    conn = store.connect(path)
    questions = make_questions(conn, count)
    for q in questions[:5]:  # warm the page cache and the stem cache for both
        answer_question(conn, q)
        bm25_answer(conn, q)
    timings: dict[str, list[float]] = {"member-bot": [], "plain FTS5 BM25": []}
    for q in questions:
        for name, engine in (("member-bot", answer_question), ("plain FTS5 BM25", bm25_answer)):
            start = time.perf_counter()
            engine(conn, q)
            timings[name].append((time.perf_counter() - start) * 1000)
    same = 0
    for q in questions[:agreement]:
        fast = answer_question(conn, q)
        full = answer_question(conn, q, plan="full")
        same += bool(fast.passages and full.passages) and (
            fast.passages[0].passage_id == full.passages[0].passage_id
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "engines": {
            name: {
                "p50": statistics.median(values),
                "p95": percentile(values, 95),
                "p99": percentile(values, 99),
            }
            for name, values in timings.items()
        },
        "agreement": same / max(1, min(agreement, len(questions))),
        "peak_mb": peak_mb,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--agreement", type=int, default=50, help="questions for fast vs full")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.questions, args.agreement)))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    results = []
    for size in sizes:
        print(f"{size:,} passages …", file=sys.stderr)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                str(size),
                "--questions",
                str(args.questions),
                "--agreement",
                str(args.agreement),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(out.stderr)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    header = (
        f"{'passages':>10} {'engine':<16} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'peak MB':>8} {'top-1 = full plan':>18}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        for name, t in r["engines"].items():
            extra = f"{r['peak_mb']:8.0f} {r['agreement']:18.0%}" if name == "member-bot" else ""
            print(
                f"{r['size']:>10,} {name:<16} {t['p50']:8.1f} {t['p95']:8.1f} {t['p99']:8.1f} "
                f"{extra}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
