"""Build real PDFs for tests with reportlab and pypdf (both are in the `test` extra).

Each line is drawn as one text object without a trailing newline operator, the way
word processors write a line, so pypdf reads it back as one line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FONT = ("Helvetica", 11)
LEADING = 14
LEFT = 72
TOP = A4[1] - 72


def draw_line(pdf: canvas.Canvas, x: float, y: float, text: str, font=FONT) -> None:
    """One line as one BT/ET text object (reportlab's drawString would add a newline)."""
    line = pdf.beginText(x, y)
    line.setFont(*font)
    line.textOut(text)
    pdf.drawText(line)


def text_pdf(path: Path, pages: Sequence[Sequence[str]], *, footer: bool = True) -> Path:
    """A PDF with the given lines on each page, and 'Page n of N' at the foot if asked."""
    pdf = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    for number, lines in enumerate(pages, start=1):
        y = TOP
        for text in lines:
            draw_line(pdf, LEFT, y, text)
            y -= LEADING
        if footer:
            draw_line(pdf, A4[0] / 2 - 30, 40, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    return path


def report_pdf(path: Path, topic: str = "library opening hours", paragraphs: int = 4) -> Path:
    """A short report-like PDF: numbered paragraphs about `topic` on one page."""
    lines = [f"Report on {topic}", ""]
    for number in range(1, paragraphs + 1):
        lines += [
            f"{number}. The committee considered the {topic} in paragraph {number}",
            "and asked officers to report back with costed options.",
            "",
        ]
    return text_pdf(path, [lines])


WARDS = ("Ashford Central", "Canterbury North", "Dover Town", "Faversham", "Sevenoaks East")
WORKS = ("resurfacing", "drainage repairs", "verge cutting", "gully emptying", "signage")
MONTHS = ("April", "June", "August", "October", "December")


def long_pdf(path: Path, page_count: int) -> Path:
    """A long schedule: every page a different paragraph, so nothing repeats like furniture."""
    pages = []
    for number in range(1, page_count + 1):
        ward, work = WARDS[number % 5], WORKS[(number // 5) % 5]
        pages.append(
            [
                f"Schedule entry {number}: the programme for {ward} ward covers {work}",
                f"at an estimated cost of £{1000 + number * 37:,}, and the contractor",
                f"will start work in {MONTHS[(number // 25) % 5]} subject to the weather.",
                " ",
            ]
        )
    return text_pdf(path, pages)


def image_only_pdf(path: Path, page_count: int = 2) -> Path:
    """A 'scanned' PDF: each page is a picture, with no text layer at all."""
    picture = Image.new("RGB", (200, 280), "white")
    for y in range(20, 260, 12):  # grey bars where a scan would have lines of text
        picture.paste((90, 90, 90), (20, y, 180, y + 4))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(page_count):
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 40, 40, width=A4[0] - 80, height=A4[1] - 80)
        pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(
    source: Path, path: Path, password: str = "s3cret", algorithm: str = "RC4-128"
) -> Path:
    """A copy of `source` that needs `password` to open.

    RC4 needs nothing beyond pypdf; AES (what Acrobat writes today) needs `cryptography`.
    """
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password, algorithm=algorithm)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def truncated_pdf(source: Path, path: Path, keep: float = 0.6) -> Path:
    """The first `keep` of `source`'s bytes: an interrupted download."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def corrupt_pdf(source: Path, path: Path) -> Path:
    """`source` with its middle overwritten: the header and end marker survive, nothing else."""
    data = bytearray(source.read_bytes())
    start, end = 16, len(data) - 64
    data[start:end] = bytes((i * 37 + 11) % 251 for i in range(end - start))
    path.write_bytes(bytes(data))
    return path


def damaged_page_pdf(source: Path, path: Path) -> Path:
    """`source` with garbage written into its first page's compressed content stream."""
    data = source.read_bytes()
    start = data.index(b"stream") + 200
    path.write_bytes(data[:start] + b"\x00garbage" * 3 + data[start + 24 :])
    return path
