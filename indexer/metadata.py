"""Cover-sheet parsing: title, type, committee, date, author, classification (pure).

Being written: see issue 3.
"""

from __future__ import annotations

from indexer.model import DocumentMeta, ExtractedPaper


def parse_metadata(paper: ExtractedPaper, source: str) -> DocumentMeta:
    """Read a paper's metadata from its own text; `source` is its path as stored."""
    return DocumentMeta(source=source, title=paper.front_matter.get("title"))
