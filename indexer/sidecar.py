"""Admin overrides for a paper's metadata: `<file>.json` beside it or `metadata.csv` in its folder.

Councils often know things the paper does not say (its published URL, a committee
name the cover leaves out); these files let an admin state them once.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

from indexer.classification import read_marking
from indexer.model import DocumentMeta, ExtractionError

OVERRIDABLE = ("title", "type", "committee", "date", "author", "contact", "classification", "url")
ALIASES = {"meeting_date": "date", "contact_officer": "contact", "body": "committee"}
METADATA_CSV = "metadata.csv"


def sidecar_paths(path: Path) -> list[Path]:
    """The override files that apply to `path`, in increasing precedence."""
    candidates = [path.parent / METADATA_CSV, path.with_name(path.name + ".json")]
    return [p for p in candidates if p.is_file()]


def is_sidecar(path: Path) -> bool:
    return path.name == METADATA_CSV or path.name.endswith(".json")


def read_overrides(path: Path) -> dict[str, str]:
    """Fields to override for `path`; a malformed sidecar is an error naming that file."""
    overrides: dict[str, str] = {}
    for sidecar in sidecar_paths(path):
        if sidecar.suffix == ".json":
            overrides.update(_read_json(sidecar))
        else:
            overrides.update(_read_csv_row(sidecar, path.name))
    return overrides


def _normalise(fields: dict) -> dict[str, str]:
    result = {}
    for key, value in fields.items():
        key = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if key in OVERRIDABLE and value not in (None, ""):
            result[key] = str(value).strip()
    return result


def _read_json(sidecar: Path) -> dict[str, str]:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExtractionError(
            f"metadata sidecar {sidecar.name} is not valid JSON ({error})"
        ) from error
    if not isinstance(data, dict):
        raise ExtractionError(f"metadata sidecar {sidecar.name} must hold a JSON object")
    return _normalise(data)


def _read_csv_row(sidecar: Path, file_name: str) -> dict[str, str]:
    stat = sidecar.stat()
    return dict(_csv_rows(sidecar, stat.st_mtime_ns, stat.st_size).get(file_name, {}))


@functools.lru_cache(maxsize=64)
def _csv_rows(sidecar: Path, mtime_ns: int, size: int) -> dict[str, dict[str, str]]:
    """A folder's metadata.csv, read once per version (not once per paper it names)."""
    rows: dict[str, dict[str, str]] = {}
    try:
        with sidecar.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                name = (row.get("file") or row.get("filename") or row.get("path") or "").strip()
                if name:
                    rows.setdefault(Path(name).name, _normalise(row))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ExtractionError(f"{sidecar.name} cannot be read ({error})") from error
    return rows


def apply_overrides(meta: DocumentMeta, overrides: dict[str, str]) -> DocumentMeta:
    """Return `meta` with the admin's fields in place of the parsed ones.

    An admin's classification must be readable: "Part II" or "exempt (para 3)" mean
    exempt; a value that says neither is refused rather than guessed.
    """
    for key, value in overrides.items():
        if key == "classification":
            marking = read_marking(value)
            if marking is None:
                raise ExtractionError(
                    f"metadata sidecar classification {value!r} is neither exempt nor "
                    "unrestricted: write 'exempt' or 'unrestricted'"
                )
            value = marking
        setattr(meta, key, value)
    return meta
