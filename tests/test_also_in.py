"""A passage repeated across papers is shown once and cited in every public paper that
repeats it, through `member-bot ask` on a real index (never naming an exempt paper)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from member_bot.cli import main

RECOMMENDATION = (
    "The Cabinet is asked to approve the closure of the Seashells family hub in Sheerness "
    "from 31 March 2026 and to transfer its services to the Millmead hub in Margate."
)


def paper(folder: Path, name: str, title: str, date: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_the_same_words_in_three_papers_are_shown_once_and_cited_in_the_public_ones(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    paper(
        papers,
        "report.md",
        "Family hubs report",
        "2026-01-10",
        f"1. Background to the family hubs review and the consultation held in 2025.\n\n"
        f"2. {RECOMMENDATION}",
    )
    paper(
        papers,
        "minutes.md",
        "Cabinet minutes",
        "2026-02-05",
        f"5. The Cabinet discussed the family hubs review.\n\n6. {RECOMMENDATION}",
    )
    secret = paper(  # the same words, shorter: the public papers' fuller copy ranks first
        papers,
        "exempt.md",
        "Family hubs property terms",
        "2026-02-05",
        f"1. {RECOMMENDATION.split(' and to')[0]}.\n\n2. The lease terms for the building.",
    )
    secret.with_name("exempt.md.json").write_text('{"classification": "exempt"}')
    db = tmp_path / "index.db"
    runner = CliRunner()
    indexed = runner.invoke(main, ["index", str(papers), "--db", str(db), "--quiet"])
    assert indexed.exit_code == 0, indexed.output

    question = "are they closing seashells and moving its services to millmead?"
    asked = runner.invoke(main, ["ask", question, "--db", str(db), "--json"])
    assert asked.exit_code == 0, asked.output
    passages = json.loads(asked.stdout)["passages"]
    with_words = [p for p in passages if "Seashells family hub" in p["text"]]
    assert len(with_words) == 1, passages  # shown once, not once a paper
    shown = with_words[0]
    cited = {shown["document"]["title"]} | {p["document"]["title"] for p in shown["also_in"]}
    assert cited == {"Family hubs report", "Cabinet minutes"}
    assert all(p["text"] == RECOMMENDATION for p in shown["also_in"])

    text = runner.invoke(main, ["ask", question, "--db", str(db)])
    assert text.exit_code == 0, text.output
    assert "— also in " in text.stdout
    assert "property terms" not in text.stdout

    # an officer allowed exempt papers may be shown the exempt copy itself, but no
    # passage ever names an exempt paper beside it: the answer may be shared
    allowed = runner.invoke(main, ["ask", question, "--db", str(db), "--json", "--include-exempt"])
    assert allowed.exit_code == 0, allowed.output
    shown_to_officer = json.loads(allowed.stdout)["passages"]
    beside = [p for s in shown_to_officer for p in s["also_in"]]
    assert beside and all(p["document"]["classification"] != "exempt" for p in beside)
    lease = runner.invoke(
        main,
        ["ask", "lease terms sheerness building", "--db", str(db), "--json", "--include-exempt"],
    )
    found = {p["document"]["title"]: p for p in json.loads(lease.stdout)["passages"]}
    exempt = found["Family hubs property terms"]["document"]["classification"]
    assert exempt == "exempt"  # the sidecar made it exempt: hidden from the others, not absent
