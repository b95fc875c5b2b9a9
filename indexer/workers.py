"""Read papers in worker processes while the main process stores them.

pypdf's extraction is pure Python and CPU-bound, so a batch on an n-core machine reads
n papers at once. Worker processes also isolate the indexer from a file that crashes
or exhausts the reader: the pool is rebuilt, the culprit is named, and the batch goes on.
A worker never outlives the indexer: killed outright (SIGKILL, the OOM killer), the
parent cannot tell its workers to stop, so each worker watches for its parent instead.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from indexer.model import ExtractionError, IndexedPaper
from indexer.stages import InternalError


@dataclass(frozen=True)
class ReadFailure:
    """Why a file could not be read; `traceback` is set for a bug, for the log."""

    reason: str
    traceback: str = ""


Job = tuple[Path, str]  # (file, content hash)
Outcome = IndexedPaper | ReadFailure

# Below this many files the cost of starting workers outweighs the gain.
MIN_FILES_FOR_WORKERS = 6
CRASH_REASON = "the reader crashed on this file (damaged or hostile file?)"
PARENT_POLL_SECONDS = 0.5  # how often a worker checks that its parent is still there
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def read_paper(job: Job, build: Callable[[Path, str], IndexedPaper]) -> Outcome:
    """One file -> its paper, or the reason it failed; never raises for a bad file or a bug."""
    path, digest = job
    try:
        return build(path, digest)
    except InternalError as error:
        return ReadFailure(error.reason, error.traceback)
    except ExtractionError as error:
        return ReadFailure(error.reason)
    except OSError as error:
        return ReadFailure(f"cannot read file ({error.strerror or error})")
    except RecursionError:
        return ReadFailure("corrupt PDF (structure nests too deeply to read)")
    except MemoryError:
        return ReadFailure("file too large or complex to read (ran out of memory)")
    except Exception as error:  # a bug outside the named stages: still this file's alone
        internal = InternalError("reading", error)
        return ReadFailure(internal.reason, internal.traceback)


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when `parent` dies, however it dies.

    Linux delivers SIGKILL the moment the parent goes (PR_SET_PDEATHSIG); elsewhere, or
    should that fail, a watchdog thread notices the worker has been handed to another
    parent. Either way no worker is left asleep on a queue nobody will ever fill.
    """
    _ask_kernel_for_death_signal()
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _ask_kernel_for_death_signal() -> bool:
    """prctl(PR_SET_PDEATHSIG, SIGKILL) through libc; False where there is no such call."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Exit at once when this process is re-parented: the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


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
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
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
                    yield job[0], ReadFailure(crashed_reason)
                return []
            return unfinished
    return []
