"""Papers built in memory for tests that need an index but not a file format."""

from __future__ import annotations

from indexer.model import DocumentMeta, IndexedPaper, Passage


def text_paper(source: str, texts: list[str], *, title: str = "Minutes", **meta) -> IndexedPaper:
    """A paper whose passages are `texts`, numbered 1, 2, 3 …, as the store takes it."""
    return IndexedPaper(
        meta=DocumentMeta(source=source, title=title, type=meta.pop("type", "minutes"), **meta),
        passages=[Passage(text=t, para=str(i + 1)) for i, t in enumerate(texts)],
        content_hash=source,
    )
