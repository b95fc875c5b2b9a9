"""50 concurrent mentions over HTTP against a 100k-passage index: event -> chat.postMessage.

    python benchmarks/slack_bench.py [--passages 100000] [--mentions 50] [--db FILE]

Runs the real `member-bot serve --http` (gunicorn) as a subprocess against the fake
Slack Web API from the tests, sends signed `app_mention` events all at once, and
measures, per event, the time from sending it to the fake receiving the answer's
chat.postMessage. Prints p50/p90/p99/max and errors (non-200 acks, answers missing
or without a quote). Target: no errors, p99 <= 1 s.

The generated index (the bundled corpus plus synthetic report passages over a
Zipf-distributed vocabulary, so terms have realistic document frequencies) is
cached at --db and reused when it already holds enough passages.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


from indexer import store  # noqa: E402
from indexer.model import DocumentMeta, IndexedPaper, Passage  # noqa: E402
from indexer.run import index_paths  # noqa: E402
from tests.slack.fake_slack import (  # noqa: E402
    BOT_TOKEN,
    FakeSlack,
    signed_mention_request,
)

SECRET = "bench-signing-secret"
RUN = f"{int(time.time()):x}"
TOPIC_WORDS = (
    "children care adoption fostering placements social workers vacancies safeguarding "
    "referrals schools places transport highways potholes waste recycling libraries budget "
    "overspend reserves council tax housing homelessness planning applications parking "
    "adult social care domiciliary residential nursing mental health public health "
    "libraries leisure swimming pools parks flooding drainage bus subsidies consultation"
)
TOPICS = TOPIC_WORDS.split()
COMMITTEES = (
    "Cabinet",
    "Scrutiny Committee",
    "Children's Services Committee",
    "Planning Committee",
    "Adult Social Care Cabinet Committee",
    "County Council",
)
QUESTIONS = (
    "How many children are in care in Kent?",
    "What is the overspend on adult social care?",
    "how many social worker vacancies are there",
    "what did cabinet decide about bus subsidies",
    "How many potholes were repaired?",
    "what is happening with the swimming pools",
    "How many safeguarding referrals were there?",
    "homelessness placements budget pressure",
)


def lexicon(rng: random.Random, size: int = 20000) -> list[str]:
    syllables = [c + v for c in "bdklmnrstv" for v in "aeiou"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def build_index(db: Path, passages: int, seed: int = 7) -> int:
    """Bundled corpus + synthetic papers of 50 passages each; returns the passage count."""
    if db.exists():
        conn = store.connect(db)
        have = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        if have >= passages:
            return have
        conn.close()
        db.unlink()
    rng = random.Random(seed)
    words = lexicon(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like frequencies
    conn = store.connect(db)
    index_paths(conn, [REPO / "corpus"])
    per_paper = 50
    started = time.perf_counter()
    for n in range(passages // per_paper):
        topic = rng.sample(TOPICS, 3)
        year = rng.randint(2010, 2025)
        paper_passages = []
        for p in range(per_paper):
            body = rng.choices(words, weights=weights, k=rng.randint(25, 60))
            body[rng.randrange(len(body))] = rng.choice(topic)
            body[rng.randrange(len(body))] = rng.choice(TOPICS)
            paper_passages.append(
                Passage(
                    text=" ".join(body).capitalize() + ".",
                    para=f"{p // 5 + 1}.{p % 5 + 1}",
                    heading=f"{topic[0].title()} {topic[1]}",
                    page=p // 6 + 1,
                    kind="numbered",
                )
            )
        meta = DocumentMeta(
            title=f"{topic[0].title()} and {topic[1]}: report {n}",
            type=rng.choice(("report", "minutes")),
            committee=rng.choice(COMMITTEES),
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            source=f"bench:{n}",
        )
        store.replace_document(
            conn,
            IndexedPaper(meta=meta, passages=paper_passages, content_hash=str(n), page_count=9),
        )
        if n % 200 == 0:
            print(
                f"  generating: {n * per_paper:,} passages ({time.perf_counter() - started:.0f}s)",
                file=sys.stderr,
            )
    return conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed_mention(port: int, n: int, question: str) -> tuple[int, float]:
    request = signed_mention_request(
        f"http://127.0.0.1:{port}/slack/events",
        SECRET,
        event_id=f"EvBENCH{RUN}{n:06d}",  # new ids each run: the cached db remembers
        user=f"UMEMBER{n % 7}",
        text=question,
        ts=f"1700001000.{n:06d}",
        channel="CBENCH",
    )
    sent = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, sent
    except OSError:
        return 0, sent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=50)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--processes", type=int, default=2, help="serve --processes")
    args = parser.parse_args()
    db = args.db or Path(os.environ.get("TMPDIR", "/tmp")) / f"member-bot-bench-{args.passages}.db"
    count = build_index(db, args.passages)
    print(f"index: {count:,} passages in {db}")

    fake = FakeSlack()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEMBER_BOT_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_BASE_URL=fake.base_url,
        MEMBER_BOT_DB=str(db),
        MEMBER_BOT_OFFICER_CHANNEL="COFFICERS",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from member_bot.cli import main; main()",
            "serve",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--processes",
            str(args.processes),
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake.wait_for("auth.test", count=1 + args.processes, timeout=60)  # workers are up
        time.sleep(0.2)
        questions = [QUESTIONS[n % len(QUESTIONS)] for n in range(args.mentions)]
        with ThreadPoolExecutor(max_workers=args.mentions) as pool:
            sent = list(pool.map(lambda nq: signed_mention(port, *nq), enumerate(questions)))
        acks = [status for status, _ in sent]
        try:
            fake.wait_for("chat.postMessage", count=args.mentions, timeout=60)
        except AssertionError as error:
            print(f"warning: {error}", file=sys.stderr)
        answers = {c.body.get("thread_ts"): c for c in fake.calls_to("chat.postMessage")}
        latencies, errors = [], []
        for n, (status, at) in enumerate(sent):
            ts = f"1700001000.{n:06d}"
            call = answers.get(ts)
            if status != 200:
                errors.append(f"mention {n}: ack HTTP {status}")
            elif call is None:
                errors.append(f"mention {n}: no answer posted")
            else:
                latencies.append(call.at - at)
                if n % len(QUESTIONS) == 0 and "just over 1,600" not in call.text():
                    errors.append(f"mention {n}: the Kent answer lacks 'just over 1,600'")
        print(f"mentions: {args.mentions} concurrent, acks 200: {acks.count(200)}")
        if latencies:
            ms = [x * 1000 for x in latencies]
            print(
                f"event -> chat.postMessage: p50 {percentile(ms, 0.5):.0f} ms, "
                f"p90 {percentile(ms, 0.9):.0f} ms, p99 {percentile(ms, 0.99):.0f} ms, "
                f"max {max(ms):.0f} ms, mean {statistics.mean(ms):.0f} ms"
            )
        print(f"errors: {len(errors)}")
        for error in errors[:10]:
            print(f"  {error}")
        ok = not errors and latencies and percentile(latencies, 0.99) <= 1.0
        print("target (no errors, p99 <= 1 s):", "met" if ok else "NOT met")
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(timeout=15)
        fake.close()


if __name__ == "__main__":
    sys.exit(main())
