"""A paper re-marked exempt after the bot quoted it never reaches the officers' channel.

The quotes offered with a follow-up are saved when the member sees the answer; an admin
may correct a paper's marking afterwards. Each post and redraw re-checks them.
"""

from __future__ import annotations

import json

from indexer import store
from indexer.run import index_paths
from tests.slack.conftest import OFFICER, OFFICERS
from tests.slack.test_followups import officer_posts, wait_posted

SECRET_LINE = "The Council will close Westgate Library on 1 April 2026 and sell the building."


def _westgate(papers):
    (papers / "westgate-library.txt").write_text(
        "Cabinet\n\nFuture of Westgate Library\n\n"
        f"1. {SECRET_LINE}\n\n2. Staff will be redeployed.\n",
        encoding="utf-8",
    )


def _mark_exempt(bot, papers) -> None:
    (papers / "westgate-library.txt.json").write_text(json.dumps({"classification": "exempt"}))
    index_paths(bot.bot.conn(), [papers], prune=True)
    [doc] = [d for d in store.all_documents(bot.bot.conn()) if "westgate" in d.meta.source]
    assert doc.meta.classification == "exempt"


def _ask(bot, fake_slack) -> str:
    bot.mention("When will Westgate Library close?")
    [call] = fake_slack.wait_for("chat.postMessage")
    assert "Westgate Library on 1 April 2026" in call.text(), call.text()
    buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
    return [e for e in buttons if e["action_id"] == "ask_officer"][0]["value"]


def test_paper_marked_exempt_after_the_answer_is_not_posted_to_officers(bot, fake_slack, papers):
    _westgate(papers)
    index_paths(bot.bot.conn(), [papers])
    ref = _ask(bot, fake_slack)
    _mark_exempt(bot, papers)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    [post] = officer_posts(fake_slack)
    assert "Westgate Library on 1 April 2026" not in post.text(), post.text()
    assert "When will Westgate Library close?" in post.text()


def test_paper_marked_exempt_after_posting_drops_from_the_redrawn_message(bot, fake_slack, papers):
    _westgate(papers)
    index_paths(bot.bot.conn(), [papers])
    ref = _ask(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    [post] = officer_posts(fake_slack)
    assert "Westgate Library on 1 April 2026" in post.text()  # not exempt yet
    _mark_exempt(bot, papers)
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    [update] = fake_slack.wait_for("chat.update")
    assert "Claimed" in update.text()
    assert "Westgate Library on 1 April 2026" not in update.text(), update.text()


def test_paper_removed_after_the_answer_is_not_posted_to_officers(bot, fake_slack, papers):
    _westgate(papers)
    index_paths(bot.bot.conn(), [papers])
    ref = _ask(bot, fake_slack)
    (papers / "westgate-library.txt").unlink()
    index_paths(bot.bot.conn(), [papers], prune=True)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    [post] = officer_posts(fake_slack)
    assert "Westgate Library" not in post.text().replace("When will Westgate Library close?", "")
