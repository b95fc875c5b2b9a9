"""Reading papers in worker processes: every file gets an outcome, and a crash names its file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.model import DocumentMeta, ExtractionError, IndexedPaper, Passage
from indexer.stages import stage
from indexer.workers import CRASH_REASON, ReadFailure, read_papers


def build_or_crash(path: Path, digest: str) -> IndexedPaper:
    """Stands in for a reader meeting a hostile file: the process dies outright."""
    if path.name.startswith("crash"):
        os._exit(3)
    if path.name.startswith("bad"):
        raise ExtractionError("corrupt PDF (test)")
    if path.name.startswith("bug"):
        with stage("segmenting"):
            int("")  # what a paragraph numbered `0.` once did to the segmenter
    if path.name.startswith("stray"):
        {}["title"]  # a bug outside any named stage
    return IndexedPaper(DocumentMeta(source=str(path)), [Passage(text=path.name)], digest)


def test_parallel_reading_gives_every_file_one_outcome(tmp_path: Path) -> None:
    jobs = [(tmp_path / f"paper-{i}.pdf", f"h{i}") for i in range(12)]
    jobs.append((tmp_path / "bad-1.pdf", "hb"))
    outcomes = dict(read_papers(jobs, build_or_crash, workers=2))
    assert set(outcomes) == {path for path, _ in jobs}
    assert outcomes[tmp_path / "bad-1.pdf"] == ReadFailure("corrupt PDF (test)")
    assert outcomes[tmp_path / "paper-3.pdf"].passages[0].text == "paper-3.pdf"


def test_a_file_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    jobs = [(tmp_path / f"paper-{i}.pdf", f"h{i}") for i in range(10)]
    jobs.insert(4, (tmp_path / "crash.pdf", "hc"))
    outcomes = dict(read_papers(jobs, build_or_crash, workers=2))
    assert outcomes.pop(tmp_path / "crash.pdf") == ReadFailure(CRASH_REASON)
    assert len(outcomes) == 10
    assert all(isinstance(o, IndexedPaper) for o in outcomes.values())


def test_outcomes_come_back_in_the_order_given(tmp_path: Path) -> None:
    """So a batch is stored in the same order, with the same row ids, on every run."""
    jobs = [(tmp_path / f"paper-{i:02d}.pdf", f"h{i}") for i in range(30)]
    assert [path for path, _ in read_papers(jobs, build_or_crash, workers=2)] == [
        path for path, _ in jobs
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bug_fails_its_file_alone_with_the_stage_and_traceback(
    tmp_path: Path, workers: int
) -> None:
    jobs = [(tmp_path / f"paper-{i}.pdf", f"h{i}") for i in range(8)]
    jobs.insert(2, (tmp_path / "bug.pdf", "hb"))
    jobs.insert(5, (tmp_path / "stray.pdf", "hs"))
    outcomes = dict(read_papers(jobs, build_or_crash, workers=workers))
    bug = outcomes.pop(tmp_path / "bug.pdf")
    assert bug.reason == (
        "internal error in segmenting: ValueError: invalid literal for int() with base 10: ''"
    )
    assert bug.traceback.startswith("Traceback (most recent call last):")
    assert 'int("")' in bug.traceback
    stray = outcomes.pop(tmp_path / "stray.pdf")
    assert stray.reason == "internal error in reading: KeyError: 'title'"
    assert "KeyError" in stray.traceback
    assert all(isinstance(o, IndexedPaper) for o in outcomes.values())
    assert len(outcomes) == 8
