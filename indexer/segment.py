"""Pages -> passages faithful to the paper (pure: no I/O). Being written: see issue 3."""

from __future__ import annotations

import re

from indexer.model import ExtractedPaper, Passage


def segment(paper: ExtractedPaper) -> list[Passage]:
    """Split a paper into passages: one numbered point or one block of prose each."""
    passages = []
    for page in paper.pages:
        for block in re.split(r"\n\s*\n", page.text):
            text = " ".join(block.split())
            if text:
                passages.append(Passage(text=text, page=page.number))
    return passages
