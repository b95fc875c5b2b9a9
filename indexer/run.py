"""Index a batch of files: walk, hash, skip unchanged, extract, segment, store, report.

One bad file never stops the batch and never touches what was indexed before: its
failure is recorded with a plain reason and the old version stays searchable.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indexer import store
from indexer.extract import extract, is_supported
from indexer.metadata import parse_metadata
from indexer.model import ExtractionError, IndexedPaper
from indexer.segment import segment
from indexer.sidecar import apply_overrides, is_sidecar, read_overrides
from indexer.workers import default_workers, read_papers

ProgressCallback = Callable[[Path], None]


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IndexSummary:
    indexed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "indexed": len(self.indexed),
            "unchanged": self.unchanged,
            "removed": len(self.removed),
            "failed": len(self.failed),
        }

    def as_json(self) -> dict:
        """The CLI's `--json` contract."""
        return {
            "indexed": len(self.indexed),
            "unchanged": self.unchanged,
            "removed": len(self.removed),
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
        }


def source_key(path: Path) -> str:
    """How a file is named in the index: its absolute path, so any working directory agrees."""
    return str(path.resolve())


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """Files to index under `paths` (folders walked recursively, hidden entries skipped)."""
    found: dict[str, Path] = {}
    problems: list[Failure] = []
    for path in paths:
        if not path.exists():
            problems.append(Failure(str(path), "no such file or folder"))
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if _wanted(candidate):
                        found.setdefault(source_key(candidate), candidate)
                    elif candidate.suffix.lower() in OTHER_OFFICE_FORMATS:
                        problems.append(Failure(str(candidate), _unsupported(candidate)))
        elif is_supported(path):
            found.setdefault(source_key(path), path)
        else:
            problems.append(Failure(str(path), _unsupported(path)))
    return list(found.values()), problems


# Papers councils do publish in these formats: say so rather than skip them silently.
OTHER_OFFICE_FORMATS = frozenset(
    {".doc", ".docm", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp"}
)


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower() or path.name
    if suffix in OTHER_OFFICE_FORMATS:
        return f"unsupported format '{suffix}': save it as PDF or .docx and index it again"
    return f"unsupported file type '{suffix}'"


def _wanted(path: Path) -> bool:
    return (
        not path.name.startswith(".")
        and is_supported(path)
        and not is_sidecar(path)
        and path.name.lower() not in ("readme.md", "sources.md")
    )


def content_hash(path: Path) -> str:
    """sha256 of the file and its sidecar overrides: editing either re-indexes the paper."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    overrides = read_overrides(path)
    if overrides:  # only this paper's own override fields, not the whole metadata.csv
        digest.update(b"\0overrides\0" + json.dumps(overrides, sort_keys=True).encode())
    return digest.hexdigest()


def build_paper(path: Path, digest: str) -> IndexedPaper:
    """File -> pages -> passages + metadata (raises ExtractionError with a plain reason)."""
    extracted = extract(path)
    passages = segment(extracted)
    if not passages:
        raise ExtractionError("no passages of text found in the file")
    meta = parse_metadata(extracted, source_key(path))
    meta = apply_overrides(meta, read_overrides(path))
    page_count = len(extracted.pages) if extracted.paged else None
    return IndexedPaper(meta=meta, passages=passages, content_hash=digest, page_count=page_count)


def index_paths(
    conn: sqlite3.Connection,
    paths: Iterable[Path],
    *,
    prune: bool = False,
    full: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_file: ProgressCallback | None = None,
    workers: int | None = None,
) -> IndexSummary:
    """Index every supported file under `paths` into `conn`; see the module docstring.

    Files are read by `workers` processes (default: one per core, at most 4) and stored
    by this one, each paper in its own transaction.
    """
    started = store.now_iso()
    files, problems = discover([Path(p) for p in paths])
    summary = IndexSummary(failed=list(problems))
    for problem in problems:
        if Path(problem.path).exists():  # a typo'd path is not worth remembering
            store.record_failure(conn, source_key(Path(problem.path)), problem.reason)
    stored = store.known_hashes(conn)
    if on_start:
        on_start(len(files))
    jobs = []
    for path in files:
        try:
            digest = content_hash(path)
        except ExtractionError as error:
            _fail(conn, summary, path, error.reason, on_file)
        except OSError as error:
            _fail(conn, summary, path, f"cannot read file ({error.strerror or error})", on_file)
        else:
            if not full and stored.get(source_key(path)) == digest:
                summary.unchanged += 1
                if on_file:
                    on_file(path)
            else:
                jobs.append((path, digest))
    for path, outcome in read_papers(jobs, build_paper, workers or default_workers()):
        if isinstance(outcome, str):
            _fail(conn, summary, path, outcome, on_file)
            continue
        store.replace_document(conn, outcome)
        summary.indexed.append(outcome.meta.source)
        if on_file:
            on_file(path)
    if prune:
        gone = [
            source for source in stored if _is_file_source(source) and not Path(source).exists()
        ]
        store.remove_documents(conn, gone)
        summary.removed.extend(gone)
    store.record_run(conn, started, summary.counts())
    return summary


def _is_file_source(source: str) -> bool:
    """Papers that came from files (officers' answers and the like have other sources)."""
    return os.path.isabs(source)


def _fail(
    conn: sqlite3.Connection,
    summary: IndexSummary,
    path: Path,
    reason: str,
    on_file: ProgressCallback | None = None,
) -> None:
    summary.failed.append(Failure(str(path), reason))
    store.record_failure(conn, source_key(path), reason)
    if on_file:
        on_file(path)
