"""PDF -> pages, with pypdf (the only module that imports it).

pypdf's plain extraction mode keeps reading order for the single-column reports
councils publish and is several times faster than its layout mode; the little
clean-up it needs (ligatures, Symbol-font bullets, soft hyphens, trailing blanks)
is done here so the segmenter sees ordinary text. Running headers and page numbers
are left in place: only the segmenter, which sees every page, can tell them apart.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from indexer.model import ExtractedPaper, ExtractionError, Page

# pypdf logs every recoverable oddity of real-world PDFs; an admin wants one line per file.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

ENCRYPTED = "encrypted (no password)"
NO_TEXT_LAYER = "no text layer: OCR is not supported (scanned or image-only PDF)"
TRUNCATED = "truncated PDF (the file ends before its end-of-file marker; download it again)"
CORRUPT = "corrupt PDF (pypdf cannot read its structure; download or save it again)"
NO_PAGES = "PDF has no pages"
NEEDS_CRYPTO = (
    "encrypted with AES: reading it needs the cryptography package (pip install 'pypdf[crypto]')"
)

# A page of a real paper carries hundreds of characters; a scan with only a stamped
# page number ("Page 3") or a date carries a handful.
MIN_TEXT_CHARS_PER_PAGE = 20
# Where the end-of-file marker must be: the spec puts it on the last line; some writers
# add padding or a trailing newline after it.
EOF_WINDOW = 2048

# Typographic ligatures and the private-use code points that Word's Symbol/Wingdings
# bullets come out as.
CHARACTER_FIXES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\uf0b7": "•",
        "\uf0a7": "•",
        "\uf0d8": "•",
        "\uf0fc": "•",
        "\uf02d": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u200b": "",
        "\ufeff": "",
        "\x00": "",
    }
)
SOFT_HYPHEN_AT_LINE_END = re.compile(r"\u00ad[ \t]*\n")
TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)


def clean_page_text(text: str) -> str:
    """pypdf's text -> plain text: fix ligatures and bullets, keep line breaks as they are.

    A soft hyphen ending a line is the PDF's own hyphenation, so it becomes "-" and the
    segmenter decides whether to rejoin the word; anywhere else it is invisible.
    """
    text = text.translate(CHARACTER_FIXES)
    text = SOFT_HYPHEN_AT_LINE_END.sub("-\n", text).replace("\u00ad", "")
    return TRAILING_BLANKS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def not_a_pdf_reason(head: bytes) -> str:
    """Say what a file named .pdf actually is, so the admin knows what went wrong."""
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample[:512]:
        kind = "it is a web page, perhaps a failed download"
    elif sample.startswith(b"pk\x03\x04"):
        kind = "it is a zip or Word/Excel file"
    elif sample.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "it is an old Office document"
    elif sample.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8", b"ii*\x00", b"mm\x00*")):
        kind = "it is an image"
    else:
        kind = "the file does not start with %PDF-"
    return f"not a PDF ({kind})"


def check_envelope(path: Path) -> None:
    """Cheap checks on the raw bytes before pypdf is asked to parse anything."""
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - EOF_WINDOW))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise ExtractionError(not_a_pdf_reason(head))
    if b"%%EOF" not in tail:
        raise ExtractionError(TRUNCATED)


def extract(path: Path) -> ExtractedPaper:
    """Read every page's text; damaged, locked or scanned files raise a plain reason."""
    check_envelope(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(path)
            unlock(reader)
            pages = [
                Page(number=number, text=read_page(page, number))
                for number, page in enumerate(reader.pages, start=1)
            ]
            margins = annotation_margins(reader) + property_margins(reader)
        except ExtractionError:
            raise
        except FileNotDecryptedError as error:
            raise ExtractionError(ENCRYPTED) from error
        except DependencyError as error:
            raise ExtractionError(NEEDS_CRYPTO) from error
        except Exception as error:  # pypdf raises many kinds (even RecursionError) on damage
            raise ExtractionError(CORRUPT) from error
    if not pages:
        raise ExtractionError(NO_PAGES)
    if sum(len(p.text.strip()) for p in pages) < MIN_TEXT_CHARS_PER_PAGE * len(pages):
        raise ExtractionError(NO_TEXT_LAYER)
    return ExtractedPaper(pages=pages, paged=True, margins=margins)


LABEL_PROPERTY = re.compile(r"classification|sensitivity|MSIP_Label_.*_Name$", re.IGNORECASE)


def property_margins(reader: PdfReader) -> list[tuple[str, str]]:
    """A classification or sensitivity label kept in the document's properties (Word
    carries them into its PDFs); its value counts only when it clearly says exempt."""
    try:
        info = reader.metadata or {}
        lines = [
            f"sensitivity label: {value}"
            for key, value in info.items()
            if LABEL_PROPERTY.search(str(key))
        ]
    except Exception:  # damaged properties must not fail a readable paper
        return []
    return [("PDF document property", "\n".join(lines))] if lines else []


def annotation_margins(reader: PdfReader) -> list[tuple[str, str]]:
    """Stamps and text notes laid over a page ("EXEMPT" stamped on the cover), which
    page text leaves out: read for the classification check only, never quoted."""
    margins = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            annotations = page.get("/Annots")
            annotations = annotations.get_object() if annotations is not None else []
            texts = [str(a.get_object().get("/Contents") or "") for a in annotations]
        except Exception:  # a damaged annotation must not fail a readable paper
            continue
        text = "\n".join(t for t in texts if t.strip())
        if text:
            margins.append((f"page {number} annotation", text))
    return margins


def unlock(reader: PdfReader) -> None:
    """Open PDFs locked only against editing (empty user password); refuse the rest."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as error:
        raise ExtractionError(NEEDS_CRYPTO) from error
    except (FileNotDecryptedError, NotImplementedError) as error:
        raise ExtractionError(ENCRYPTED) from error
    if not opened:
        raise ExtractionError(ENCRYPTED)


def read_page(page: PageObject, number: int) -> str:
    """One page's text; a page whose content cannot be decoded fails the whole paper.

    Indexing the rest would leave a silent hole in the paper that members could not
    see, so the admin is told which page to look at instead.
    """
    try:
        return clean_page_text(page.extract_text() or "")
    except DependencyError as error:  # AES-encrypted streams without a crypto library
        raise ExtractionError(NEEDS_CRYPTO) from error
    except Exception as error:  # see extract(): any error here means a damaged page
        raise ExtractionError(f"corrupt PDF (page {number} cannot be read)") from error
