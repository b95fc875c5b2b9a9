"""Index a batch of files: walk, hash, skip unchanged, extract, segment, store, report.

One bad file never stops the batch and never touches what was indexed before: its
failure is recorded with a plain reason and the old version stays searchable. The same
holds for a bug met while reading one paper (its traceback goes to the log), a symlink
loop, and a file or folder the indexer may not read; `--prune` removes only papers whose
file is certainly gone, never one in a folder it could not read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer import store
from indexer.classification import CLASSIFICATION_RULES
from indexer.extract import extract, is_supported
from indexer.metadata import parse_metadata
from indexer.model import DocumentMeta, ExtractionError, IndexedPaper
from indexer.segment import segment
from indexer.sidecar import SidecarError, apply_overrides, is_sidecar, read_overrides
from indexer.stages import InternalError, stage
from indexer.workers import ReadFailure, default_workers, read_papers

ProgressCallback = Callable[[Path], None]
log = logging.getLogger(__name__)


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
    withdrawn: list[str] = field(default_factory=list)  # failed and kept out of search

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


@dataclass
class Discovery:
    """What a walk found: files to index, files and folders it could not use, and the
    folders it could not list (nothing under those may be taken for gone)."""

    files: dict[str, Path] = field(default_factory=dict)
    library_paths: dict[str, str] = field(default_factory=dict)  # key -> its `library_path`
    problems: list[Failure] = field(default_factory=list)
    unlisted: list[Path] = field(default_factory=list)
    reached: set[str] = field(default_factory=set)  # every folder and file it did read

    def add_file(self, path: Path, named: Path) -> None:
        key = source_key(path)
        self.files.setdefault(key, path)
        self.library_paths.setdefault(key, library_path(path, named))
        self.reached.update((key, _failure_key(path)))


def library_path(path: Path, named: Path) -> str:
    """`path` from the folder the admin named, or from the folder holding the file named:
    `index corpus` and `index corpus/a.pdf` both file a.pdf as "corpus/a.pdf", wherever
    the corpus is on this machine."""
    named = Path(os.path.abspath(named))
    top = named if named.is_dir() else named.parent
    inside = Path(os.path.abspath(path)).relative_to(top)
    return "/".join(part for part in (top.name, *inside.parts) if part)


def indexed_from(meta: DocumentMeta) -> Path:
    """The folder a paper was indexed from: `library_path` read backwards
    ("library/kent/cabinet/a.pdf" under /srv/library/...: /srv/library); the folder holding
    it when that cannot be told (indexed before library paths, or reached by a link)."""
    source = Path(meta.source)
    parts = Path(meta.library_path).parts
    if len(parts) >= 2 and len(source.parents) >= len(parts) - 1:
        folder = source.parents[len(parts) - 2]
        if folder.name == parts[0]:
            return folder
    return source.parent


def discover(paths: Iterable[Path]) -> Discovery:
    """Files to index under `paths` (folders walked recursively, hidden entries skipped)."""
    found = Discovery()
    seen: set[FolderId] = set()
    for path in paths:
        try:
            status = path.stat()
        except OSError as error:
            _unreachable(found, path, error)
            continue
        identity = (status.st_dev, status.st_ino)
        if stat.S_ISDIR(status.st_mode) and identity not in seen:
            seen.add(identity)
            _walk(path, found, {identity}, seen, path)
        elif stat.S_ISDIR(status.st_mode):
            found.reached.add(_failure_key(path))
        elif is_supported(path):
            found.add_file(path, path)
        else:
            found.problems.append(Failure(str(path), _unsupported(path)))
    return found


NO_SUCH_PATH = "no such file or folder"
FolderId = tuple[int, int]  # (device, inode): the same folder however it is reached


def _walk(
    folder: Path, found: Discovery, above: set[FolderId], seen: set[FolderId], named: Path
) -> None:
    """Walk `folder` in name order, following symlinked folders but never round a loop.

    `above` holds the folders on the way down (a link back to one of them is a loop);
    `seen` the folders already walked (a second link to one adds nothing); `named` is
    the folder the admin named, that the walk began at.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        _unreachable(found, folder, error)
        return
    found.reached.add(_failure_key(folder))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            status = path.stat()  # follows links: a loop, a broken link or no access raise
        except OSError as error:
            _unreachable(found, path, error)
            continue
        identity = (status.st_dev, status.st_ino)
        if not stat.S_ISDIR(status.st_mode):
            _found_file(found, path, named)
        elif identity in above:
            reason = "symlink loop: the link leads back to a folder above it"
            found.problems.append(Failure(str(path), reason))
        elif identity not in seen:
            seen.add(identity)
            _walk(path, found, above | {identity}, seen, named)


def _found_file(found: Discovery, path: Path, named: Path) -> None:
    if _wanted(path):
        found.add_file(path, named)
    elif path.suffix.lower() in OTHER_OFFICE_FORMATS:
        found.problems.append(Failure(str(path), _unsupported(path)))


def _unreachable(found: Discovery, path: Path, error: OSError) -> None:
    """Report a file or folder the walk could not get at, in words an admin can act on."""
    if error.errno == errno.ELOOP:
        reason = "symlink loop: the link points back to itself"
    elif error.errno == errno.ENOENT and os.path.islink(path):
        reason = "broken symlink: what it points to does not exist"
    elif error.errno == errno.ENOENT:
        reason = NO_SUCH_PATH
    else:
        what = "folder" if os.path.isdir(path) else "file or folder"
        reason = f"cannot read {what} ({error.strerror or error})"
        found.unlisted.append(path)
    found.problems.append(Failure(str(path), reason))


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
    """sha256 of the file and its sidecar overrides: editing either re-indexes the paper,
    and so does a change to the classification rules (no paper keeps an old judgement)."""
    digest = hashlib.sha256(CLASSIFICATION_RULES.encode())
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    overrides = read_overrides(path)
    if overrides:  # only this paper's own override fields, not the whole metadata.csv
        digest.update(b"\0overrides\0" + json.dumps(overrides, sort_keys=True).encode())
    return digest.hexdigest()


def build_paper(path: Path, digest: str) -> IndexedPaper:
    """File -> pages -> passages + metadata (raises ExtractionError with a plain reason;
    a bug in any stage raises InternalError naming the stage)."""
    with stage("reading"):
        extracted = extract(path)
    with stage("segmenting"):
        passages = segment(extracted)
    if not passages:
        raise ExtractionError("no passages of text found in the file")
    with stage("describing"):
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
    found = discover([Path(p) for p in paths])
    summary = IndexSummary(failed=list(found.problems))
    for problem in found.problems:
        if problem.reason != NO_SUCH_PATH:  # a typo'd path is not worth remembering
            store.record_failure(conn, _failure_key(Path(problem.path)), problem.reason)
    stored = store.known_hashes(conn)
    if on_start:
        on_start(len(found.files))
    jobs = []
    unchanged: list[str] = []
    for path in found.files.values():
        try:
            digest = content_hash(path)
        except SidecarError as error:
            _withdraw(conn, summary, path, error.reason, on_file)
        except ExtractionError as error:
            _fail(conn, summary, path, error.reason, on_file)
        except OSError as error:
            _fail(conn, summary, path, f"cannot read file ({error.strerror or error})", on_file)
        except Exception as error:  # a bug reading its sidecars: this paper's failure alone
            internal = InternalError("reading", error)
            _fail(conn, summary, path, internal.reason, on_file, internal.traceback)
        else:
            key = source_key(path)
            if not full and stored.get(key) == digest:
                summary.unchanged += 1
                unchanged.append(key)
                if on_file:
                    on_file(path)
            else:
                jobs.append((path, digest))
    # a paper stored before library paths were recorded is filed without re-reading it
    store.file_unfiled(conn, {key: found.library_paths[key] for key in unchanged})
    for path, outcome in read_papers(jobs, build_paper, workers or default_workers()):
        if isinstance(outcome, ReadFailure):
            _fail(conn, summary, path, outcome.reason, on_file, outcome.traceback)
            continue
        library = found.library_paths[source_key(path)]
        store.replace_document(
            conn, replace(outcome, meta=replace(outcome.meta, library_path=library))
        )
        summary.indexed.append(outcome.meta.source)
        if on_file:
            on_file(path)
    if prune:
        gone = [
            source
            for source in stored
            if _is_file_source(source) and _certainly_gone(source, found.unlisted)
        ]
        store.remove_documents(conn, gone)
        summary.removed.extend(gone)
    store.forget_failures(conn, _settled_failures(conn, found, summary))
    store.record_run(conn, started, summary.counts())
    return summary


def _certainly_gone(source: str, unlisted: list[Path]) -> bool:
    """Whether a paper's file is gone for sure: not merely out of reach (a folder it could
    not read, a permission, a dead network share) - pruning that would lose the paper."""
    if any(_is_within(source, folder) for folder in unlisted):
        return False
    try:
        os.stat(source)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _is_within(source: str, folder: Path) -> bool:
    top = os.path.realpath(folder)
    return source == top or source.startswith(top.rstrip(os.sep) + os.sep)


def _settled_failures(
    conn: sqlite3.Connection, found: Discovery, summary: IndexSummary
) -> list[str]:
    """Failures that no longer hold: the file or folder was read without failing this run
    (fixed, or put back as it was), or it is gone."""
    failing = {_failure_key(Path(failure.path)) for failure in summary.failed}
    return [
        source
        for source, _reason, _when in store.failures(conn)
        if source not in failing
        and _is_file_source(source)
        and (source in found.reached or _certainly_gone(source, found.unlisted))
    ]


def _is_file_source(source: str) -> bool:
    """Papers that came from files (officers' answers and the like have other sources)."""
    return os.path.isabs(source)


def _fail(
    conn: sqlite3.Connection,
    summary: IndexSummary,
    path: Path,
    reason: str,
    on_file: ProgressCallback | None = None,
    traceback: str = "",
) -> None:
    if traceback:  # a bug: the admin sees the reason, whoever fixes it needs the traceback
        log.error("%s: %s\n%s", path, reason, traceback.rstrip())
    summary.failed.append(Failure(str(path), reason))
    store.record_failure(conn, _failure_key(path), reason)
    if on_file:
        on_file(path)


def _failure_key(path: Path) -> str:
    """How a failed file or folder is remembered: as `source_key` names it, but a link is
    named as itself (a symlink loop has nothing else to be named by)."""
    absolute = Path(os.path.abspath(path))
    return os.path.join(os.path.realpath(absolute.parent), absolute.name)


WITHDRAWN = "kept out of search until it is fixed"


def _withdraw(
    conn: sqlite3.Connection,
    summary: IndexSummary,
    path: Path,
    reason: str,
    on_file: ProgressCallback | None = None,
) -> None:
    """A sidecar that cannot be trusted fails closed: it may have been marking the paper
    exempt, so no older (perhaps public) version may stay searchable."""
    reason = f"{reason}; {WITHDRAWN}"
    store.withdraw_document(conn, source_key(path), reason, failure_key=_failure_key(path))
    summary.failed.append(Failure(str(path), reason))
    summary.withdrawn.append(str(path))
    if on_file:
        on_file(path)
