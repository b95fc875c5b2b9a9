"""Running headers, footers and page numbers: find them and drop them (pure).

A passage quoted to a member must read as the paper reads, so page furniture
("2", "Page 3 of 6", a title repeated on every page, a "1429/12/2019" page+date stamp)
has to go, including where it interrupts a paragraph that runs over a page break.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.model import Page

EDGE_LINES = 3  # how many non-blank lines at the top and bottom of a page may be furniture

PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
PAGE_OF_INLINE = re.compile(r"\s*\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b\s*", re.IGNORECASE)
# Markdown pasted from PDF marks page breaks with a rule, often followed by the page number.
MARKDOWN_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# "1429/12/2019": the page number glued to the date stamp in a footer (Norfolk parish minutes).
GLUED_STAMP = re.compile(r"(?<!\S)(\d{1,3})(\d{2}/\d{2}/\d{4})(?!\S)")
DIGITS = re.compile(r"\d+")


def _normalise(line: str) -> str:
    """Key for spotting a repeated line; digits only fold for page-number-like lines."""
    key = " ".join(line.lower().split())
    if "page" in key or len(DIGITS.sub("", key).strip()) < 3:
        key = DIGITS.sub("#", key)
    return key


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def repeated_lines(pages: list[list[str]]) -> set[str]:
    """Normalised lines that sit at the top or bottom of at least half the pages (3+ pages)."""
    if len(pages) == 2:
        # Two pages: only a line that opens (or closes) both pages word for word.
        firsts = [[line for line in lines if line.strip()] for lines in pages]
        if not all(firsts):
            return set()
        found = set()
        for edge in (0, -1):
            a, b = firsts[0][edge], firsts[1][edge]
            if a.strip() == b.strip() and not PAGE_NUMBER_LINE.match(a) and len(a.strip()) > 3:
                found.add(_normalise(a))
        return found
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_normalise(lines[i]) for i in _edge_indexes(lines)})
    threshold = max(2, (len(pages) + 1) // 2)
    return {key for key, count in seen.items() if count >= threshold and key}


def strip_paged(pages: list[Page]) -> list[list[str]]:
    """Lines of each page with page numbers and repeated headers/footers removed."""
    split = [page.text.split("\n") for page in pages]
    repeated = repeated_lines(split)
    cleaned: list[list[str]] = []
    for lines in split:
        drop = set()
        for i in _edge_indexes(lines):
            line = lines[i]
            if PAGE_NUMBER_LINE.match(line) or _normalise(line) in repeated:
                drop.add(i)
        cleaned.append(
            [
                PAGE_OF_INLINE.sub(" ", line) if "page" in line.lower() else line
                for i, line in enumerate(lines)
                if i not in drop
            ]
        )
    return cleaned


def glued_stamps(text: str) -> set[str]:
    """Dates that appear glued to a page number two or more times: a footer stamp."""
    counts = Counter(match.group(2) for match in GLUED_STAMP.finditer(text))
    return {date for date, count in counts.items() if count >= 2}


def strip_unpaged(text: str) -> list[str]:
    """Lines of a text/Markdown paper with pasted-in page furniture removed."""
    stamps = glued_stamps(text)
    if stamps:
        text = GLUED_STAMP.sub(lambda m: " " if m.group(2) in stamps else m.group(0), text)
    text = PAGE_OF_INLINE.sub(" ", text)
    lines = text.split("\n")
    out: list[str] = []
    after_rule = False
    for line in lines:
        if MARKDOWN_RULE.match(line):
            after_rule = True
            out.append("")
            continue
        if after_rule and line.strip():
            after_rule = False
            if PAGE_NUMBER_LINE.match(line):
                continue
        out.append(line)
    return out
