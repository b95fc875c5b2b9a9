"""Read papers in worker processes while the main process stores them.

pypdf's extraction is pure Python and CPU-bound, so a batch on an n-core machine reads
n papers at once. Worker processes also isolate the indexer from a file that crashes
or exhausts the reader: the pool is rebuilt, the culprit is named, and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from indexer.model import ExtractionError, IndexedPaper

Job = tuple[Path, str]  # (file, content hash)
Outcome = IndexedPaper | str  # the paper, or the reason it could not be read

# Below this many files the cost of starting workers outweighs the gain.
MIN_FILES_FOR_WORKERS = 6
CRASH_REASON = "the reader crashed on this file (damaged or hostile file?)"


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def read_paper(job: Job, build: Callable[[Path, str], IndexedPaper]) -> Outcome:
    """One file -> its paper, or a plain reason; never raises for a bad file."""
    path, digest = job
    try:
        return build(path, digest)
    except ExtractionError as error:
        return error.reason
    except OSError as error:
        return f"cannot read file ({error.strerror or error})"
    except RecursionError:
        return "corrupt PDF (structure nests too deeply to read)"
    except MemoryError:
        return "file too large or complex to read (ran out of memory)"


def read_papers(
    jobs: list[Job], build: Callable[[Path, str], IndexedPaper], workers: int
) -> Iterator[tuple[Path, Outcome]]:
    """Yield (file, outcome) for every job, in the order given, in parallel when it pays."""
    if workers <= 1 or len(jobs) < MIN_FILES_FOR_WORKERS:
        for job in jobs:
            yield job[0], read_paper(job, build)
        return
    pending = list(reversed(jobs))
    while pending:
        suspects = yield from _run_pool(pending, build, workers)
        # The pool broke: re-read each unfinished file alone, so only the culprit fails.
        for job in suspects:
            yield from _run_pool([job], build, 1, crashed_reason=CRASH_REASON)
        pending = []


def _run_pool(
    pending: list[Job],
    build: Callable[[Path, str], IndexedPaper],
    workers: int,
    crashed_reason: str | None = None,
) -> Iterator[tuple[Path, Outcome]]:
    """Feed `pending` to a pool a few jobs ahead, yielding outcomes in the order the jobs
    were given (so a batch is stored in the same order, and gets the same row ids, every
    run); return the unfinished jobs if the pool breaks."""
    context = multiprocessing.get_context("fork")
    in_flight: deque[tuple[Future, Job]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            while pending or in_flight:
                while pending and len(in_flight) < workers * 2:
                    job = pending[-1]  # popped only once submitted: a broken pool refuses it
                    in_flight.append((pool.submit(read_paper, job, build), job))
                    pending.pop()
                future, job = in_flight[0]
                outcome = future.result()  # raises BrokenProcessPool before the pop
                in_flight.popleft()
                yield job[0], outcome
        except BrokenProcessPool:
            unfinished = [job for _, job in in_flight] + list(reversed(pending))
            pending.clear()
            if crashed_reason is not None:
                for job in unfinished:
                    yield job[0], crashed_reason
                return []
            return unfinished
    return []
