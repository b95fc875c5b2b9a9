"""The printed (PDF) version of each seed paper yields the same passages as its text file.

The PDFs in tests/fixtures carry a running header, "Page n of N" footers, wrapped and
hanging-indented lines and a paragraph over each page break (see make_seed_pdfs.py), so
this checks the whole PDF path (pypdf, clean-up, segmenter) against known text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract
from indexer.model import Passage
from indexer.segment import segment
from tests.conftest import CORPUS
from tests.fixtures import make_seed_pdfs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = {
    "report": "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report",
    "minutes": "kcc-childrens-services-improvement-plan-minutes",
}


def _generator():
    """make_seed_pdfs.py with its fonts loaded: its layout says which line went on which page."""
    if not all(Path(font).exists() for font in make_seed_pdfs.FONT_FILES.values()):
        pytest.skip("DejaVu fonts are not installed (needed to lay the seeds out again)")
    make_seed_pdfs.register_fonts()
    return make_seed_pdfs


def passages(path: Path) -> list[Passage]:
    return segment(extract(path))


def shown(items: list[Passage]) -> list[tuple[str | None, str]]:
    return [(p.para, p.text) for p in items]


@pytest.mark.parametrize("seed", list(SEEDS))
def test_pdf_yields_the_same_passages_as_the_text(seed: str) -> None:
    from_text = passages(CORPUS / f"{SEEDS[seed]}.txt")
    from_pdf = passages(FIXTURES / f"{SEEDS[seed]}.pdf")
    assert shown(from_pdf) == shown(from_text)


@pytest.mark.parametrize("seed", list(SEEDS))
def test_pdf_passages_carry_the_same_headings(seed: str) -> None:
    from_text = passages(CORPUS / f"{SEEDS[seed]}.txt")
    from_pdf = passages(FIXTURES / f"{SEEDS[seed]}.pdf")
    assert [(p.para, p.heading) for p in from_pdf] == [(p.para, p.heading) for p in from_text]


@pytest.mark.parametrize("seed", list(SEEDS))
def test_no_header_or_page_number_inside_a_passage(seed: str) -> None:
    header = next(s.header for s in make_seed_pdfs.SEEDS if s.output == f"{SEEDS[seed]}.pdf")
    for passage in passages(FIXTURES / f"{SEEDS[seed]}.pdf"):
        assert header not in passage.text
        assert "Page 1 of 2" not in passage.text and "Page 2 of 2" not in passage.text


@pytest.mark.parametrize("seed", list(SEEDS))
def test_each_pdf_passage_is_on_the_page_where_it_starts(seed: str) -> None:
    """The page is the one the passage's first words were printed on, also over a break."""
    generator = _generator()
    source = (CORPUS / f"{SEEDS[seed]}.txt").read_text(encoding="utf-8")
    printed, page_starts = "", []  # everything printed, in order, and where each page begins
    for page in generator.layout(source).pages:
        page_starts.append(len(printed))
        for line in page:
            words = " ".join(text for _, text in line.pieces).split()
            printed += " ".join(words) + " " if words else ""
    position = 0
    for passage in passages(FIXTURES / f"{SEEDS[seed]}.pdf"):
        opening = " ".join(passage.text.split())[:60]
        found = printed.find(opening, position)
        assert found >= 0, f"{opening!r} is not what was printed"
        position = found
        page = sum(1 for start in page_starts if start <= found)
        assert passage.page == page, passage


def test_a_paragraph_over_the_page_break_stays_one_passage() -> None:
    report = passages(FIXTURES / f"{SEEDS['report']}.pdf")
    vacancies = [p for p in report if "social worker posts" in p.text]
    assert len(vacancies) == 1
    assert vacancies[0].text.endswith(
        "The most pressing need now is recruitment of principal social workers."
    )
    assert vacancies[0].page == 1
    minutes = passages(FIXTURES / f"{SEEDS['minutes']}.pdf")
    court = [p for p in minutes if "authority of a Court Order" in p.text]
    assert len(court) == 1 and court[0].page == 1
    assert court[0].text.endswith("for the child’s protection;")


def test_fixtures_are_what_the_generator_makes(tmp_path: Path) -> None:
    """Committed PDFs read the same as the generator's output, so a change to either shows."""
    generator = _generator()
    for seed in generator.SEEDS:
        result = generator.layout((CORPUS / seed.source).read_text(encoding="utf-8"))
        assert generator.straddling_blocks(result), seed.source
        fresh = tmp_path / seed.output
        generator.draw(result, seed, fresh)
        assert extract(fresh).pages == extract(FIXTURES / seed.output).pages, seed.output
