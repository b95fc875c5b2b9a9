"""The hidden-papers benchmark runs end to end on a small case and prints its table.

Why: its indexes are cached between runs, so a change to the indexer's API once broke
the uncached path unnoticed until the 1M figures were next wanted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_hidden_papers_benchmark_prints_both_rows_and_the_change(tmp_path):
    questions = tmp_path / "questions.jsonl"
    seeds = [
        json.loads(line)
        for line in (REPO / "tests" / "eval" / "questions.jsonl").read_text().splitlines()
        if '"kcc-c' in line
    ][:4]
    questions.write_text("\n".join(json.dumps(q) for q in seeds) + "\n")
    run = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "hidden_bench.py"),
            "--extra",
            "400",
            "--papers",
            str(REPO / "corpus"),
            "--cache",
            str(tmp_path / "cache"),
            "--questions",
            str(questions),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    numbered = [line.split() for line in run.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert numbered[0] == ["4", "questions"] and len(numbered) == 3, run.stdout
    small, hidden = (int(row[0].replace(",", "")) for row in numbered[1:])
    assert small > 0 and hidden == small + 400
    assert "shown-top-3 change when hidden:" in run.stdout
