"""Members' Helpful / Not helpful clicks, through the real Bolt app, exported as eval rows."""

from __future__ import annotations

import json

from click.testing import CliRunner

from member_bot.cli import main
from member_bot.evaluate import read_questions

CARE = "How many children are in care in Kent?"
REFERRALS = "who makes most of the saftguarding referrals"


def ask_and_click(bot, fake_slack, question: str, action: str, n: int) -> None:
    """The member's n-th question, then their click on its answer (stored before export)."""
    bot.mention(question)
    call = fake_slack.wait_for("chat.postMessage", count=n)[-1]
    buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
    [ref] = {e["value"] for e in buttons if e["action_id"] == action}
    bot.click(action, ref)
    fake_slack.wait_for("response_url", count=n)


def test_clicks_become_evaluation_rows_with_their_tier(bot, fake_slack, index_db, tmp_path):
    ask_and_click(bot, fake_slack, CARE, "feedback_helpful", 1)
    ask_and_click(bot, fake_slack, REFERRALS, "feedback_not_helpful", 2)
    out = tmp_path / "feedback.jsonl"
    args = ["feedback", "export", "--db", str(index_db), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    helpful, not_helpful = rows
    assert helpful["q"] == CARE and "children in care in Kent" in helpful["must"]
    assert helpful["doc"].endswith("kcc-childrens-services-improvement-plan-minutes.txt")
    assert helpful["kind"] in ("feedback-high", "feedback-medium")
    assert not_helpful == {
        "q": REFERRALS,
        "unanswerable": True,
        "kind": not_helpful["kind"],
    } and not_helpful["kind"].endswith("-not-helpful")
    # the export is a question file `eval` and `train` read as it is
    assert [q.q for q in read_questions(out)] == [CARE, REFERRALS]
