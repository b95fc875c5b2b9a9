"""Check the evaluation question set against the papers it was written from.

Why: the set scores the answer engine, so a row whose `must` words are not in the paper,
or whose `doc` names no paper (or several), would score the engine against a wrong
answer. Run it after editing questions.jsonl; it exits 1 and names every bad row.

    python tests/eval/check_questions.py [QUESTIONS.jsonl]

PDFs are read with pypdf's `page.extract_text()`, Markdown and text files as they are.
Whitespace is collapsed on both sides before the substring test, and the `must` words
have to sit on one extracted line, so a PDF line break (hyphenation, page furniture)
cannot make a row pass here and fail in the engine.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdf

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ROOTS = (
    REPO / "corpus",
    REPO.parent / "shared" / "corpus-real",
    REPO.parent / "shared" / "corpus-real-2",
)
PAPER_SUFFIXES = {".pdf", ".md", ".txt", ".html", ".htm", ".docx"}
NOT_PAPERS = {"README.md", "SOURCES.md"}
ANSWERABLE_KINDS = {
    "paraphrase",
    "acronym",
    "misspelling",
    "name",
    "figure",
    "decision",
    "informal",
}
UNANSWERABLE_KINDS = {"near-miss", "off-topic"}
MIN_QUESTIONS = 80
MIN_UNANSWERABLE = 20
MUST_WORDS = (4, 12)
KENT_DECISION_WORDS = (
    "prod",
    "record of decision",
    "questions put",
    "amendment",
    "eqia",
    "section 25",
    "budget",
    "reserves",
    "risk register",
    "pay policy",
)
SOURCE_FOLDERS = {
    "limerick-city-county-council/": "Limerick",
    "norfolk-parish-councils-stokeferry-com/": "Norfolk parishes",
    "bristol-city-council/": "Bristol",
    "us-chicago-city-bureau-fixtures/": "Chicago / Illinois",
    "ayton-community-council/": "Ayton",
    "manordeilo-salem-community-council/": "Manordeilo and Salem",
    "burton-cum-walden-parish-council/": "Burton-cum-Walden",
    "us-cuyahoga-city-bureau-fixtures/": "Cuyahoga",
    "us-california-city-scrapers-ca-fixtures/": "California cities",
}


@dataclass(frozen=True)
class Paper:
    """A corpus file: the path the `doc` piece is matched against, and its text lines."""

    key: str
    lines: tuple[str, ...]


def normalise(text: str) -> str:
    """Collapse runs of whitespace, as the checker and the engine's scorer both do."""
    return re.sub(r"\s+", " ", text).strip()


def read_lines(path: Path) -> tuple[str, ...]:
    """Extracted text of one paper, one normalised string per line."""
    if path.suffix.lower() == ".pdf":
        reader = pypdf.PdfReader(str(path))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
    return tuple(normalise(line) for line in text.splitlines())


def find_papers(roots: tuple[Path, ...]) -> list[Path]:
    """Every paper under the corpus roots (sidecars, READMEs and SOURCES.md left out)."""
    papers = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if (
                path.is_file()
                and path.suffix.lower() in PAPER_SUFFIXES
                and path.name not in NOT_PAPERS
            ):
                papers.append(path)
    return papers


def paper_key(path: Path, roots: tuple[Path, ...]) -> str:
    """A short name for messages and the source table: the path below its corpus folder."""
    for root in roots:
        if path.is_relative_to(root):
            return f"{root.name}/{path.relative_to(root).as_posix()}"
    return path.as_posix()


@dataclass
class RowCheck:
    """The outcome for one row: what is wrong with it, and which source group it is about."""

    problems: list[str] = field(default_factory=list)
    source: str = "(unanswerable)"


def check_row(row: dict, papers: list[Path], roots: tuple[Path, ...], cache: dict) -> RowCheck:
    """Check one row against the papers; `cache` keeps each paper's lines between rows."""
    result = RowCheck()
    q = row.get("q")
    if not isinstance(q, str) or not q.strip():
        result.problems.append("no question text in 'q'")
        return result
    kind = row.get("kind")
    if row.get("unanswerable") is True:
        if kind not in UNANSWERABLE_KINDS:
            result.problems.append(f"kind {kind!r} is not one of {sorted(UNANSWERABLE_KINDS)}")
        if "doc" in row or "must" in row:
            result.problems.append("an unanswerable row has no 'doc' or 'must'")
        return result
    result.source = "?"
    if kind not in ANSWERABLE_KINDS:
        result.problems.append(f"kind {kind!r} is not one of {sorted(ANSWERABLE_KINDS)}")
    doc, must = row.get("doc"), row.get("must")
    if not isinstance(doc, str) or not doc or not isinstance(must, str) or not must:
        result.problems.append("an answerable row needs 'doc' and 'must'")
        return result
    # As `member-bot eval` matches: a case-sensitive piece of the paper's absolute path.
    matches = [p for p in papers if doc in str(p.resolve())]
    if len(matches) != 1:
        names = ", ".join(paper_key(p, roots) for p in matches[:4]) or "none"
        result.problems.append(f"doc {doc!r} matches {len(matches)} papers ({names})")
        return result
    paper = matches[0]
    result.source = source_of(paper_key(paper, roots))
    words = len(must.split())
    if not MUST_WORDS[0] <= words <= MUST_WORDS[1]:
        result.problems.append(f"'must' has {words} words, want {MUST_WORDS[0]}-{MUST_WORDS[1]}")
    if paper not in cache:
        cache[paper] = read_lines(paper)
    lines = cache[paper]
    wanted = normalise(must)
    if not any(wanted in line for line in lines):
        where = "across a line break" if wanted in " ".join(lines) else "nowhere"
        result.problems.append(f"'must' {must!r} is {where} in {paper_key(paper, roots)}")
    return result


def source_of(key: str) -> str:
    """Which group of papers a row is about, for the summary table."""
    name = key.rsplit("/", 1)[-1].lower()
    if key.startswith("corpus/"):
        return "seed papers (corpus/)"
    if "kent-county-council/" in key:
        if "minutes" in name:
            return "Kent minutes"
        if any(word in name for word in KENT_DECISION_WORDS):
            return "Kent decision forms, questions, budget papers"
        return "Kent reports"
    for folder, label in SOURCE_FOLDERS.items():
        if folder in key:
            return label
    return "other"


def print_table(title: str, counts: Counter) -> None:
    """A two-column count table, largest first."""
    print(title)
    for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        print(f"  {count:>4}  {label}")


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else HERE / "questions.jsonl"
    roots = tuple(root for root in ROOTS if root.is_dir())
    if not ROOTS[1].is_dir():
        print(f"note: {ROOTS[1]} is absent; rows over the real papers will fail", file=sys.stderr)
    papers = find_papers(roots)
    cache: dict = {}
    bad = 0
    kinds: Counter = Counter()
    sources: Counter = Counter()
    seen: set[str] = set()
    total = unanswerable = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"line {number}: not JSON ({error})")
            bad += 1
            continue
        if not isinstance(row, dict):
            print(f"line {number}: not a JSON object")
            bad += 1
            continue
        result = check_row(row, papers, roots, cache)
        key = normalise(str(row.get("q", ""))).lower()
        if key in seen:
            result.problems.append("the same question appears earlier")
        seen.add(key)
        for problem in result.problems:
            print(f"line {number}: {problem}")
        bad += bool(result.problems)
        total += 1
        unanswerable += row.get("unanswerable") is True
        kinds[row.get("kind")] += 1
        sources[result.source] += 1
    print(f"{total} questions: {total - unanswerable} answerable, {unanswerable} unanswerable")
    print_table("by kind:", kinds)
    print_table("by source:", sources)
    sized = path.name == "questions.jsonl"  # the other sets are smaller on purpose
    if sized and total < MIN_QUESTIONS:
        print(f"too few questions: {total} < {MIN_QUESTIONS}")
        bad += 1
    if sized and unanswerable < MIN_UNANSWERABLE:
        print(f"too few unanswerable questions: {unanswerable} < {MIN_UNANSWERABLE}")
        bad += 1
    if bad:
        print(f"{bad} problem(s)")
        return 1
    print("all rows check out")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
