"""Reading papers in worker processes: every file gets an outcome, and a crash names its file."""

from __future__ import annotations

import os
from pathlib import Path

from indexer.model import DocumentMeta, ExtractionError, IndexedPaper, Passage
from indexer.workers import CRASH_REASON, read_papers


def build_or_crash(path: Path, digest: str) -> IndexedPaper:
    """Stands in for a reader meeting a hostile file: the process dies outright."""
    if path.name.startswith("crash"):
        os._exit(3)
    if path.name.startswith("bad"):
        raise ExtractionError("corrupt PDF (test)")
    return IndexedPaper(DocumentMeta(source=str(path)), [Passage(text=path.name)], digest)


def test_parallel_reading_gives_every_file_one_outcome(tmp_path: Path) -> None:
    jobs = [(tmp_path / f"paper-{i}.pdf", f"h{i}") for i in range(12)]
    jobs.append((tmp_path / "bad-1.pdf", "hb"))
    outcomes = dict(read_papers(jobs, build_or_crash, workers=2))
    assert set(outcomes) == {path for path, _ in jobs}
    assert outcomes[tmp_path / "bad-1.pdf"] == "corrupt PDF (test)"
    assert outcomes[tmp_path / "paper-3.pdf"].passages[0].text == "paper-3.pdf"


def test_a_file_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    jobs = [(tmp_path / f"paper-{i}.pdf", f"h{i}") for i in range(10)]
    jobs.insert(4, (tmp_path / "crash.pdf", "hc"))
    outcomes = dict(read_papers(jobs, build_or_crash, workers=2))
    assert outcomes.pop(tmp_path / "crash.pdf") == CRASH_REASON
    assert len(outcomes) == 10
    assert all(isinstance(o, IndexedPaper) for o in outcomes.values())


def test_outcomes_come_back_in_the_order_given(tmp_path: Path) -> None:
    """So a batch is stored in the same order, with the same row ids, on every run."""
    jobs = [(tmp_path / f"paper-{i:02d}.pdf", f"h{i}") for i in range(30)]
    assert [path for path, _ in read_papers(jobs, build_or_crash, workers=2)] == [
        path for path, _ in jobs
    ]
