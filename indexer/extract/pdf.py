"""PDF -> pages, with pypdf (the only module that imports it)."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

from indexer.model import ExtractedPaper, ExtractionError, Page

# pypdf logs every recoverable oddity of real-world PDFs; an admin wants one line per file.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MIN_TEXT_CHARS_PER_PAGE = 20


def extract(path: Path) -> ExtractedPaper:
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise ExtractionError("not a PDF (the file does not start with %PDF-)")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError("encrypted (no password)")
            except (FileNotDecryptedError, NotImplementedError) as error:
                raise ExtractionError("encrypted (no password)") from error
        pages = [
            Page(number=index + 1, text=page.extract_text() or "")
            for index, page in enumerate(reader.pages)
        ]
    except ExtractionError:
        raise
    except FileNotDecryptedError as error:
        raise ExtractionError("encrypted (no password)") from error
    except (PdfReadError, PdfStreamError) as error:
        raise ExtractionError(f"corrupt or truncated PDF ({error})") from error
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise ExtractionError(
            f"corrupt or truncated PDF ({type(error).__name__}: {error})"
        ) from error
    if not pages:
        raise ExtractionError("PDF has no pages")
    if sum(len(p.text.strip()) for p in pages) < MIN_TEXT_CHARS_PER_PAGE:
        raise ExtractionError("no text layer: OCR is not supported (scanned or image-only PDF)")
    return ExtractedPaper(pages=pages, paged=True)
