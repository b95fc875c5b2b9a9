"""Name the stage a paper was in when something unexpected went wrong.

A bug in the segmenter or the cover-sheet parser must fail the one paper that met it,
with a reason an admin can pass on ("internal error in segmenting: ValueError: …") and
the traceback for whoever fixes it, never stop the whole batch.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from indexer.model import ExtractionError

# Errors that already say plainly what is wrong with the file: passed on as they are.
PLAIN = (ExtractionError, OSError, MemoryError)
MAX_MESSAGE = 300  # an exception's text can be a whole page of the paper


class InternalError(ExtractionError):
    """An unexpected exception in one stage of reading a paper: a bug, not a bad file."""

    def __init__(self, stage: str, error: BaseException):
        detail = str(error).strip()
        if len(detail) > MAX_MESSAGE:
            detail = detail[:MAX_MESSAGE] + "…"
        reason = f"internal error in {stage}: {type(error).__name__}"
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.stage = stage
        self.traceback = "".join(traceback.format_exception(error))


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Turn any unexpected exception in the block into an `InternalError` naming `name`."""
    try:
        yield
    except PLAIN:
        raise
    except Exception as error:
        raise InternalError(name, error) from error
