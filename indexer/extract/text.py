"""Plain text and Markdown -> one unpaged page (Markdown front matter becomes metadata hints)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from indexer.model import ExtractedPaper, ExtractionError, Page

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def read_text(path: Path) -> str:
    """Decode as UTF-8 (with or without BOM), UTF-16 with a BOM (Notepad's "Unicode"),
    falling back to cp1252 as older Windows tools save it; newlines become "\n"."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _newlines(data.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise ExtractionError("binary file, not text") from error
    if b"\x00" in data[:4096]:
        raise ExtractionError("binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _newlines(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return _newlines(data.decode("latin-1"))


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def extract_text(path: Path) -> ExtractedPaper:
    text = read_text(path)
    if not text.strip():
        raise ExtractionError("no text in file (only white space)")
    return ExtractedPaper(pages=[Page(number=None, text=text)], paged=False)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter -> flat str fields (title, date, ...) and the body after it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return {}, text[match.end() :]
    fields = {
        str(key).lower(): str(value)
        for key, value in (data.items() if isinstance(data, dict) else [])
        if value is not None and not isinstance(value, (list, dict))
    }
    return fields, text[match.end() :]


def extract_markdown(path: Path) -> ExtractedPaper:
    text = read_text(path)
    front_matter, body = split_front_matter(text)
    if not body.strip():
        raise ExtractionError("no text in file (only front matter or white space)")
    raw = FRONT_MATTER.match(text)
    return ExtractedPaper(
        pages=[Page(number=None, text=body)],
        paged=False,
        front_matter=front_matter,
        reflow=needs_reflow(body),
        # read as written, so a marking in front matter YAML cannot parse still counts
        margins=[("front matter", raw.group(1))] if raw else [],
    )


def needs_reflow(body: str) -> bool:
    """True when most paragraphs are single short lines: a PDF pasted line by line."""
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    if len(blocks) < 20:
        return False
    single_lines = sum(1 for b in blocks if "\n" not in b.strip())
    return single_lines / len(blocks) > 0.8
