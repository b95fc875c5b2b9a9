"""DOCX -> pages. (Being written: see issue 3.)"""

from __future__ import annotations

from pathlib import Path

from indexer.model import ExtractedPaper, ExtractionError


def extract(path: Path) -> ExtractedPaper:
    raise ExtractionError("DOCX extraction is not implemented yet")
