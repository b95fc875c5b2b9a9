"""Index cost vs raw pypdf extraction, in the same run, on generated report-like PDFs.

    python benchmarks/index_bench.py [--papers 40] [--unchanged 1000] [--repeats 3]

Prints medians: time to index the papers (extract + segment + metadata + SQLite) against
the time pypdf alone takes to extract the same files (the ratio is the indexer's own
overhead; target <= 1.3x), pages/s, passages/s, and the time to re-index N unchanged
files (target: 1,000 in <= 2 s).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from indexer import store
from indexer.run import index_paths
from indexer.workers import default_workers

VOCABULARY = (
    "council members officers budget children care school places adoption review "
    "scrutiny committee cabinet decision recommendation funding pressure social "
    "workers vacancies safeguarding referrals district planning transport highways "
    "waste library consultation strategy delivery performance quarter forecast"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def make_report(path: Path, rng: random.Random, sections: int) -> None:
    """A report like a council's: a cover block, numbered headings and paragraphs, page numbers."""
    styles = getSampleStyleSheet()
    title = f"Report {path.stem}"
    story = [
        Paragraph(f"From: Cabinet Member for {rng.choice(WORDS).title()}", styles["Normal"]),
        Paragraph("To: Cabinet - 30 January 2025", styles["Normal"]),
        Paragraph(f"Subject: {title}", styles["Normal"]),
        Paragraph("Classification: Unrestricted", styles["Normal"]),
        Spacer(1, 12),
    ]
    for s in range(1, sections + 1):
        story.append(Paragraph(f"{s}. {rng.choice(WORDS).title()} matters", styles["Heading2"]))
        for p in range(1, rng.randint(3, 6)):
            body = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            story.append(Paragraph(f"{s}.{p} {body}", styles["Normal"]))
            story.append(Spacer(1, 6))

    def furniture(canvas, doc) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, "Kent County Council - Cabinet")
        canvas.drawString(A4[0] / 2, 30, str(doc.page))

    SimpleDocTemplate(str(path), pagesize=A4).build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )


def pypdf_only(files: list[Path]) -> tuple[float, int]:
    start = time.perf_counter()
    pages = 0
    for path in files:
        for page in PdfReader(str(path)).pages:
            page.extract_text()
            pages += 1
    return time.perf_counter() - start, pages


def index_once(files_dir: Path, db: Path, workers: int) -> tuple[float, int]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    conn = store.connect(db)
    start = time.perf_counter()
    summary = index_paths(conn, [files_dir], workers=workers)
    elapsed = time.perf_counter() - start
    assert not summary.failed, summary.failed
    passages = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    conn.close()
    return elapsed, passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=40)
    parser.add_argument("--sections", type=int, default=8)
    parser.add_argument("--unchanged", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="index-bench-"))
    try:
        papers = work / "papers"
        papers.mkdir()
        rng = random.Random(7)
        for i in range(args.papers):
            make_report(papers / f"report-{i:04d}.pdf", rng, args.sections)
        files = sorted(papers.glob("*.pdf"))

        workers = default_workers()
        extract_times, serial_times, parallel_times = [], [], []
        pages = passages = 0
        for _ in range(args.repeats):  # interleaved so all three see the same machine state
            seconds, pages = pypdf_only(files)
            extract_times.append(seconds)
            seconds, passages = index_once(papers, work / "bench.db", workers=1)
            serial_times.append(seconds)
            seconds, passages = index_once(papers, work / "bench.db", workers=workers)
            parallel_times.append(seconds)
        extract = statistics.median(extract_times)
        serial = statistics.median(serial_times)
        parallel = statistics.median(parallel_times)

        print(f"papers: {len(files)}  pages: {pages}  passages: {passages}  runs: {args.repeats}")
        print(f"pypdf extraction alone (1 process)     median {extract:8.3f} s")
        print(f"member-bot index, 1 process            median {serial:8.3f} s")
        print(f"member-bot index, {workers} worker processes   median {parallel:8.3f} s")
        print(f"cost ratio, 1 process / extraction            {serial / extract:8.2f}x")
        wall = parallel / extract
        print(f"wall ratio, default workers / extraction      {wall:8.2f}x  (target <= 1.3x)")
        print(f"pages/s (default workers)                     {pages / parallel:8.1f}")
        print(f"passages/s (default workers)                  {passages / parallel:8.1f}")

        if args.unchanged:
            many = work / "many"
            many.mkdir()
            for i in range(args.unchanged):
                shutil.copyfile(files[i % len(files)], many / f"paper-{i:05d}.pdf")
            db = work / "many.db"
            conn = store.connect(db)
            index_paths(conn, [many])
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                summary = index_paths(conn, [many])
                times.append(time.perf_counter() - start)
                assert summary.unchanged == args.unchanged, summary.counts()
            median = statistics.median(times)
            print(
                f"re-index {args.unchanged} unchanged files  median {median:6.3f} s"
                "  (target <= 2 s for 1,000)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
