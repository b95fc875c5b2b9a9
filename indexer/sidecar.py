"""Admin overrides for a paper's metadata: `<file>.json` beside it or `metadata.csv` in its folder.

Councils often know things the paper does not say (its published URL, a committee
name the cover leaves out); these files let an admin state them once. They fail
closed: a key the indexer does not know (a misspelt "clasification") or a value it
cannot read is an error naming the file and the key, and the paper is kept out of
search until it is fixed, because the admin may have been marking it exempt.
"""

from __future__ import annotations

import csv
import difflib
import functools
import json
import re
from pathlib import Path

from indexer.classification import read_marking
from indexer.dates import first_date, iso_in
from indexer.model import DOCUMENT_TYPES, DocumentMeta, ExtractionError

OVERRIDABLE = ("title", "type", "committee", "date", "author", "contact", "classification", "url")
ALIASES = {"meeting_date": "date", "contact_officer": "contact", "body": "committee"}
FILE_COLUMNS = ("file", "filename", "path")
METADATA_CSV = "metadata.csv"
REASON_KEY = "classification_reason"  # which file said so, shown by `member-bot stats`
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class SidecarError(ExtractionError):
    """A sidecar the indexer cannot trust: its paper is withdrawn from search until fixed."""


def sidecar_paths(path: Path) -> list[Path]:
    """The override files that apply to `path`, in increasing precedence."""
    candidates = [path.parent / METADATA_CSV, path.with_name(path.name + ".json")]
    return [p for p in candidates if p.is_file()]


def is_sidecar(path: Path) -> bool:
    return path.name == METADATA_CSV or path.name.endswith(".json")


def read_overrides(path: Path) -> dict[str, str]:
    """Fields to override for `path`, checked; any fault raises SidecarError naming the file."""
    overrides: dict[str, str] = {}
    for sidecar in sidecar_paths(path):
        if sidecar.suffix == ".json":
            overrides.update(_read_json(sidecar))
        else:
            overrides.update(_read_csv_row(sidecar, path.name))
    return overrides


def _read_json(sidecar: Path) -> dict[str, str]:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        reason = f"metadata sidecar {sidecar.name} is not valid JSON ({error})"
        raise SidecarError(reason) from error
    if not isinstance(data, dict):
        raise SidecarError(f"metadata sidecar {sidecar.name} must hold a JSON object")
    return checked_fields(data, f"metadata sidecar {sidecar.name}", empty_ok=False)


def checked_fields(fields: dict, origin: str, *, empty_ok: bool) -> dict[str, str]:
    """Known keys with readable values, normalised; `origin` names the file (and row).

    An empty CSV cell means "not stated" (one column serves every row); in JSON an
    empty classification is refused, since the admin meant to say something.
    """
    result: dict[str, str] = {}
    for raw_key, value in fields.items():
        empty = value is None or (isinstance(value, str) and not value.strip())
        if empty and empty_ok:
            continue  # an empty cell says nothing, whatever its column
        key = _known_key(raw_key, origin)
        if empty:
            if key == "classification":
                raise SidecarError(f"{origin}: 'classification' is empty: {_SAY_MARKING}")
            continue
        if isinstance(value, (dict, list, bool)):
            raise SidecarError(f"{origin}: '{raw_key}' must be text, not {json.dumps(value)}")
        result[key] = _checked_value(key, str(value).strip(), origin)
        if key == "classification":
            result[REASON_KEY] = f"{origin}: classification {str(value).strip()!r}"
    return result


_SAY_MARKING = "write 'exempt' or 'unrestricted'"


def _known_key(raw_key: object, origin: str) -> str:
    key = str(raw_key).strip().lower()
    key = ALIASES.get(key, key)
    if key in OVERRIDABLE:
        return key
    known = sorted(OVERRIDABLE + tuple(ALIASES))
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f"; known keys: {', '.join(known)}"
    raise SidecarError(f"{origin}: unknown key '{raw_key}'{hint}")


def _checked_value(key: str, value: str, origin: str) -> str:
    """The value as stored, or SidecarError when it cannot be read as that field."""
    if key == "classification":
        marking = read_marking(value)
        if marking is None:
            raise SidecarError(
                f"{origin}: classification {value!r} is neither exempt nor unrestricted: "
                + _SAY_MARKING
            )
        return marking
    if key == "date":
        found = iso_in(value) or first_date(value)
        if not found:
            raise SidecarError(f"{origin}: date {value!r} is not a date (write 2025-01-30)")
        return found
    if key == "type":
        kind = value.lower().replace(" ", "_")
        if kind not in DOCUMENT_TYPES:
            raise SidecarError(
                f"{origin}: type {value!r} is not one of {', '.join(DOCUMENT_TYPES)}"
            )
        return kind
    if key == "url" and not URL.match(value):
        raise SidecarError(f"{origin}: url {value!r} is not a web address (https://...)")
    return value


def _read_csv_row(sidecar: Path, file_name: str) -> dict[str, str]:
    stat = sidecar.stat()
    rows = _csv_rows(sidecar, stat.st_mtime_ns, stat.st_size)
    if isinstance(rows, str):
        raise SidecarError(rows)  # the whole file is unreadable: every paper it may name
    found = rows.get(file_name)
    if found is None:
        return {}
    if isinstance(found, str):
        raise SidecarError(found)
    line, row = found
    return checked_fields(row, f"{sidecar.name} line {line}", empty_ok=True)


CsvRow = tuple[int, dict[str, str]] | str


@functools.lru_cache(maxsize=64)
def _csv_rows(sidecar: Path, mtime_ns: int, size: int) -> dict[str, CsvRow] | str:
    """A folder's metadata.csv, read once per version (not once per paper it names):
    file name -> (line, the row's other cells) or why that paper's row cannot be used,
    or why the whole file cannot be read."""
    rows: dict[str, CsvRow] = {}
    try:
        with sidecar.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                line = reader.line_num
                if None in row:
                    return f"{sidecar.name} line {line} has more cells than the header"
                name = next((row[c].strip() for c in _file_columns(row) if row[c]), "")
                cells = {k: v for k, v in row.items() if k not in _file_columns(row)}
                key = Path(name).name
                if key in rows:  # which row did the admin mean? neither, until fixed
                    rows[key] = f"{sidecar.name} names {name!r} twice (again on line {line})"
                elif name:
                    rows[key] = (line, cells)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return f"{sidecar.name} cannot be read ({error})"
    return rows


def _file_columns(row: dict) -> list[str]:
    return [key for key in row if str(key).strip().lower() in FILE_COLUMNS]


def apply_overrides(meta: DocumentMeta, overrides: dict[str, str]) -> DocumentMeta:
    """Return `meta` with the admin's fields (checked by `read_overrides`) in place of the
    parsed ones; an admin's classification replaces the paper's own marking."""
    for key, value in overrides.items():
        setattr(meta, key, value)
    return meta
