"""Extractors: one module per format, each turning a file into pages of text.

`extract(path)` picks the extractor by the file's content and suffix and raises
`ExtractionError` with a reason an admin can act on ("encrypted (no password)").
"""

from __future__ import annotations

from pathlib import Path

from indexer.extract import docx, html, pdf, text
from indexer.model import ExtractedPaper, ExtractionError

EXTRACTORS = {
    ".pdf": pdf.extract,
    ".txt": text.extract_text,
    ".text": text.extract_text,
    ".md": text.extract_markdown,
    ".markdown": text.extract_markdown,
    ".html": html.extract,
    ".htm": html.extract,
    ".docx": docx.extract,
}

SUPPORTED_SUFFIXES = frozenset(EXTRACTORS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def extract(path: Path) -> ExtractedPaper:
    """Read `path` into pages; every failure becomes an ExtractionError with a plain reason."""
    extractor = EXTRACTORS.get(path.suffix.lower())
    if extractor is None:
        raise ExtractionError(f"unsupported file type '{path.suffix or path.name}'")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExtractionError(f"cannot read file ({error.strerror or error})") from error
    if size == 0:
        raise ExtractionError("empty file (0 bytes)")
    return extractor(path)
