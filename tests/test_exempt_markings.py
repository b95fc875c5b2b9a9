"""Part 2 papers never leak: every way councils mark a paper exempt, in every format, is
indexed exempt and never quoted by `ask` without --include-exempt; sidecars fail closed.

Real files in tmp_path (PDFs drawn by reportlab, Word documents by python-docx) go
through `member-bot index`, `stats` and `ask` as an admin and a member run them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import store
from indexer.classification import Judgement, judge
from indexer.model import ExtractedPaper, Page
from member_bot.cli import main
from tests.conftest import REAL_CORPUS, SHARED
from tests.exempt_papers import (
    EXEMPT_PAPERS,
    PUBLIC_PAPERS,
    Paper,
    question,
    source_of,
    text_with,
    write_papers,
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def ask(db: Path, paper: Paper, *extra: str) -> dict:
    code, output = run("ask", question(paper), "--db", str(db), "--json", *extra)
    assert code == 0, output
    return json.loads(output)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every exempt and public test paper, indexed once: (papers folder, database)."""
    root = tmp_path_factory.mktemp("exempt")
    folder = write_papers(root / "papers", EXEMPT_PAPERS + PUBLIC_PAPERS)
    db = root / "index.db"
    code, output = run("index", str(folder), "--db", str(db), "--json")
    assert code == 0, output
    return folder, db


def _classification(db: Path, source: str) -> tuple[str, str | None]:
    row = (
        store.connect(db)
        .execute(
            "SELECT classification, classification_reason FROM documents WHERE source = ?",
            (source,),
        )
        .fetchone()
    )
    assert row is not None, f"{source} was not indexed"
    return row[0], row[1]


@pytest.mark.parametrize("paper", EXEMPT_PAPERS, ids=lambda p: p.name)
def test_every_marking_is_indexed_exempt_with_its_reason(indexed, paper: Paper) -> None:
    folder, db = indexed
    classification, reason = _classification(db, source_of(folder, paper))
    assert classification == "exempt", f"{paper.marking}: {reason}"
    assert reason, paper.marking


@pytest.mark.parametrize("paper", EXEMPT_PAPERS, ids=lambda p: p.name)
def test_ask_never_quotes_an_exempt_paper_unless_asked_to(indexed, paper: Paper) -> None:
    folder, db = indexed
    exempt = {source_of(folder, p) for p in EXEMPT_PAPERS}
    public = ask(db, paper)
    leaked = [p["document"]["source"] for p in public["passages"]]
    assert not exempt & set(leaked), f"{paper.marking}: quoted {leaked}"
    assert all(paper.site not in p["text"] for p in public["passages"])
    # The question does reach the paper when exempt papers are asked for.
    reached = ask(db, paper, "--include-exempt")["passages"]
    assert source_of(folder, paper) in {p["document"]["source"] for p in reached}


@pytest.mark.parametrize("paper", PUBLIC_PAPERS, ids=lambda p: p.name)
def test_exempt_in_running_text_or_form_guidance_is_not_a_marking(indexed, paper) -> None:
    folder, db = indexed
    assert _classification(db, source_of(folder, paper)) == ("unrestricted", None)
    answer = ask(db, paper)
    assert source_of(folder, paper) in {p["document"]["source"] for p in answer["passages"]}


def test_stats_lists_each_exempt_paper_and_why(indexed) -> None:
    folder, db = indexed
    code, output = run("stats", "--db", str(db), "--json")
    figures = json.loads(output)
    assert figures["exempt_papers"] == len(EXEMPT_PAPERS)
    reasons = {paper["path"]: paper["reason"] for paper in figures["exempt"]}
    assert set(reasons) == {source_of(folder, p) for p in EXEMPT_PAPERS}
    moderngov = source_of(folder, EXEMPT_PAPERS[0])
    assert reasons[moderngov].startswith("cover line 1: 'By virtue of paragraph(s) 3 of Part 1")
    sidecar = next(p for p in EXEMPT_PAPERS if p.name == "sidecar.txt")
    assert reasons[source_of(folder, sidecar)] == (
        "metadata sidecar sidecar.txt.json: classification 'exempt'"
    )
    code, text = run("stats", "--db", str(db))
    assert code == 0
    assert f"{len(EXEMPT_PAPERS)} exempt paper(s)" in text
    assert f"{moderngov}\n    because cover line 1: 'By virtue of paragraph(s) 3" in text


# --- one line at a time ---------------------------------------------------------------

COVER = "To: Cabinet – 4 March 2025\nSubject: Disposal of land\n{}\n\n1. The land is surplus.\n"


def _judged(line: str, paged: bool = False) -> Judgement:
    page = Page(1 if paged else None, COVER.format(line))
    return judge(ExtractedPaper(pages=[page], paged=paged))


@pytest.mark.parametrize(
    "line",
    [
        "OFFICIAL\u2011SENSITIVE",
        "***Exempt***",
        "_Confidential_",
        "Exempt under para 3 of Schedule 12A",
        "NOT FOR\nPUBLICATION",
        "This item contains information defined as exempt in Schedule 12A, paragraph 3.",
        "Is this report exempt? Yes - paragraph 3",
        "Exempt information: Yes",
        "Status: Exempt",
        "Security classification: OFFICIAL-SENSITIVE",
        "Part 2 (Exempt)",
        "PRIVATE AND CONFIDENTIAL",
        "RESTRICTED",
        "Subject: EXEMPT - Sale of the depot",
        "by virtue of paragraphs 1, 2 and 3 of part 1 of schedule 12a",
        "RESOLVED that the public be excluded from the meeting for the following item",
    ],
)
def test_marking_lines_are_exempt(line: str) -> None:
    assert _judged(line).classification == "exempt"


@pytest.mark.parametrize(
    "line",
    [
        "The property is exempt from council tax.",
        "exempt pursuant to CEQA Guidelines Section 15060(c)(3)",
        "Part 2: Financial implications",
        "Business Continuity Plan Part 2",
        "Confidential Reporting Policy",
        "Confidentiality, integrity and availability of data",
        "Exemptions that exist for a change of use",
        "Certificate of Exemption",
        "Exempt: No",
        "Is this report exempt? No",
        "Status: For decision",
        "Private sector housing renewal",
        "Restricted byway network",
        "Secretary of State",
        "The Council to pass a resolution excluding the press and public",
        "EXEMPT ITEMS (At the time of preparing the agenda there were no exempt items)",
    ],
)
def test_running_text_lines_are_not_markings(line: str) -> None:
    assert _judged(line).classification == "unrestricted"


def test_a_later_pages_edge_counts_a_marking_but_not_a_quoted_resolution() -> None:
    """Minutes quote the exclusion resolution anywhere; a running footer marks the paper."""
    resolution = "RESOLVED that the press and public be excluded under paragraph 3 of Schedule 12A"
    pages = [Page(1, COVER.format("")), Page(2, f"{resolution}\n2. Text.\nPage 2")]
    assert judge(ExtractedPaper(pages=pages, paged=True)).classification == "unrestricted"
    pages[1] = Page(2, "2. Text.\nNOT FOR PUBLICATION")
    assert judge(ExtractedPaper(pages=pages, paged=True)) == Judgement(
        "exempt", "page 2 line 2: 'NOT FOR PUBLICATION'"
    )


# --- sidecars that fail closed ----------------------------------------------------------

SECRET_PAPER = Paper("depot.txt", "none", "Oxcombe", text_with(before_cover=False))


def _public_then(tmp_path: Path, break_it) -> tuple[Path, Path, dict]:
    """Index a public paper, break its sidecar with `break_it(folder)`, index again."""
    folder = write_papers(tmp_path / "papers", [SECRET_PAPER])
    db = tmp_path / "index.db"
    assert run("index", str(folder), "--db", str(db), "--json")[0] == 0
    assert ask(db, SECRET_PAPER)["passages"][0]["document"]["classification"] == "unrestricted"
    break_it(folder)
    code, output = run("index", str(folder), "--db", str(db), "--json")
    assert code == 1, output
    return folder, db, json.loads(output)


def _withdrawn(db: Path, folder: Path, summary: dict, *wording: str) -> None:
    """The paper is out of search, and the run and `stats` say why, naming file and key."""
    [failure] = summary["failed"]
    assert failure["path"] == str(folder / SECRET_PAPER.name)
    for words in (*wording, "kept out of search until it is fixed"):
        assert words in failure["reason"]
    for extra in ((), ("--include-exempt",)):
        passages = ask(db, SECRET_PAPER, *extra)["passages"]
        assert all(SECRET_PAPER.site not in p["text"] for p in passages)
    figures = json.loads(run("stats", "--db", str(db), "--json")[1])
    assert [w["reason"] for w in figures["withdrawn"]] == [failure["reason"]]
    text = run("stats", "--db", str(db))[1]
    assert "1 paper(s) withdrawn from search until their sidecar is fixed" in text


def test_misspelt_sidecar_key_withdraws_the_paper(tmp_path: Path) -> None:
    def misspell(folder: Path) -> None:
        sidecar = folder / "depot.txt.json"
        sidecar.write_text(json.dumps({"clasification": "exempt"}))

    folder, db, summary = _public_then(tmp_path, misspell)
    _withdrawn(
        db, folder, summary, "depot.txt.json", "unknown key 'clasification'", "'classification'?"
    )


def test_sidecar_with_broken_json_withdraws_the_older_public_version(tmp_path: Path) -> None:
    def broken(folder: Path) -> None:
        (folder / "depot.txt.json").write_text('{"classification": "exempt",}')

    folder, db, summary = _public_then(tmp_path, broken)
    _withdrawn(db, folder, summary, "depot.txt.json is not valid JSON")
    # Fixed, the paper comes back, marked as the admin meant, and leaves the failures.
    (folder / "depot.txt.json").write_text('{"classification": "exempt"}')
    assert run("index", str(folder), "--db", str(db), "--json")[0] == 0
    assert all(SECRET_PAPER.site not in p["text"] for p in ask(db, SECRET_PAPER)["passages"])
    [first, *_] = ask(db, SECRET_PAPER, "--include-exempt")["passages"]
    assert first["document"]["classification"] == "exempt"
    figures = json.loads(run("stats", "--db", str(db), "--json")[1])
    assert figures["withdrawn"] == [] and figures["failures"] == []


@pytest.mark.parametrize(
    ("sidecar", "wording"),
    [
        ({"classification": "draft"}, "classification 'draft' is neither exempt nor"),
        ({"classification": ""}, "'classification' is empty"),
        ({"classification": ["exempt"]}, "'classification' must be text"),
        ({"date": "next Tuesday"}, "date 'next Tuesday' is not a date"),
        ({"type": "memo"}, "type 'memo' is not one of"),
        ({"url": "democracy/report.pdf"}, "url 'democracy/report.pdf' is not a web address"),
    ],
)
def test_sidecar_value_that_cannot_be_read_withdraws_the_paper(tmp_path, sidecar, wording):
    def write(folder: Path) -> None:
        (folder / "depot.txt.json").write_text(json.dumps(sidecar))

    folder, db, summary = _public_then(tmp_path, write)
    _withdrawn(db, folder, summary, "metadata sidecar depot.txt.json: ", wording)


@pytest.mark.parametrize(
    ("rows", "wording"),
    [
        ("file,clasification\ndepot.txt,exempt\n", "line 2: unknown key 'clasification'"),
        ("file,classification\ndepot.txt,maybe\n", "line 2: classification 'maybe' is neither"),
        ("file,classification\ndepot.txt,exempt,x\n", "line 2 has more cells than the header"),
        (
            "file,classification\ndepot.txt,unrestricted\ndepot.txt,exempt\n",
            "names 'depot.txt' twice",
        ),
    ],
)
def test_metadata_csv_row_that_cannot_be_read_withdraws_the_paper(tmp_path, rows, wording):
    def write(folder: Path) -> None:
        (folder / "metadata.csv").write_text(rows)

    folder, db, summary = _public_then(tmp_path, write)
    _withdrawn(db, folder, summary, "metadata.csv ", wording)


def test_metadata_csv_unknown_column_left_empty_for_a_paper_is_harmless(tmp_path: Path) -> None:
    """One sheet serves a folder: a column empty on this paper's row says nothing about it."""
    folder = write_papers(tmp_path / "papers", [SECRET_PAPER])
    (folder / "metadata.csv").write_text("file,committee,notes\ndepot.txt,Property Committee,\n")
    db = tmp_path / "index.db"
    assert run("index", str(folder), "--db", str(db), "--json")[0] == 0
    assert store.get_document(store.connect(db), "depot.txt").meta.committee == (
        "Property Committee"
    )


def test_a_paper_judged_by_older_rules_is_read_again(tmp_path: Path) -> None:
    """After an upgrade no paper keeps a judgement made by laxer rules: the content hash
    includes the rules' version, so the next run re-reads even an unchanged file."""
    folder = write_papers(tmp_path / "papers", [EXEMPT_PAPERS[0]])
    db = tmp_path / "index.db"
    run("index", str(folder), "--db", str(db), "--json")
    conn = store.connect(db)
    old_hash = hashlib.sha256((folder / EXEMPT_PAPERS[0].name).read_bytes()).hexdigest()
    conn.execute(
        "UPDATE documents SET content_hash = ?, classification = 'unrestricted'", (old_hash,)
    )
    code, output = run("index", str(folder), "--db", str(db), "--json")
    assert json.loads(output)["indexed"] == 1
    assert store.all_documents(conn)[0].meta.classification == "exempt"


# --- the real papers ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["corpus-real", "corpus-real-2"])
def test_real_papers_are_not_made_exempt_by_running_text(tmp_path: Path, name: str) -> None:
    """Real papers say "exempt" in running text (CEQA, council tax, a form's guidance, an
    agenda's empty EXEMPT ITEMS) and none is marked exempt: none may be hidden."""
    corpus = SHARED / name
    if not REAL_CORPUS.is_dir() or not corpus.is_dir():
        pytest.skip(f"../shared/{name} is not beside this checkout")
    db = tmp_path / "real.db"
    run("index", str(corpus), "--db", str(db), "--quiet")
    figures = json.loads(run("stats", "--db", str(db), "--json")[1])
    assert figures["papers"] > 50
    assert figures["exempt"] == []


def test_a_marking_added_to_a_real_paper_makes_it_exempt(tmp_path: Path, corpus: Path) -> None:
    """The same real report, once with its own 'Classification: Unrestricted' cover and once
    with ModernGov's exempt line added beneath it: the exempt marking wins."""
    folder = tmp_path / "papers"
    folder.mkdir()
    report = "kcc-cabinet-scrutiny-2011-01-19-safeguarding-report.txt"
    shutil.copy(corpus / report, folder / "public.txt")
    text = (corpus / report).read_text(encoding="utf-8")
    marked = text.replace(
        "Classification:", "By virtue of paragraph 3 of Part 1 of Schedule 12A\nClassification:", 1
    )
    (folder / "marked.txt").write_text(marked, encoding="utf-8")
    db = tmp_path / "index.db"
    assert run("index", str(folder), "--db", str(db), "--json")[0] == 0
    conn = store.connect(db)
    assert store.get_document(conn, "public.txt").meta.classification == "unrestricted"
    assert store.get_document(conn, "marked.txt").meta.classification == "exempt"
