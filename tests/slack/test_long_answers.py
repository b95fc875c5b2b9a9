"""An officer's long answer reaches the member whole, over several sections."""

from __future__ import annotations

from member_bot.followups_store import FollowupStore
from member_bot.slack import blocks
from tests.slack.conftest import OFFICERS
from tests.slack.test_followups import ask_and_get_ref, wait_posted

LAST = "THE LAST SENTENCE MATTERS."


def test_a_cli_answer_longer_than_a_section_reaches_the_member_whole(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    answer = ("The pool opens in September 2026 & the café <later>. " * 120) + LAST
    FollowupStore(bot.bot.conn()).answer(1, "Jane Smith", answer)  # member-bot followups answer
    bot.bot.outbox.grace = 0
    bot.bot.outbox.run_once()
    sent = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if "pool opens" in c.text() and c.body["channel"] != OFFICERS
    ]
    assert len(sent) == 2  # the thread and the member's DM
    for call in sent:
        sections = [b["text"]["text"] for b in call.blocks if b["type"] == "section"]
        assert all(len(s) <= blocks.SECTION_LIMIT for s in sections)
        assert LAST in call.text()
        assert call.text().count("the café &lt;later&gt;") == 120
    [update] = fake_slack.wait_for("chat.update", lambda c: "Answered" in c.text())
    assert LAST in update.text() and len(update.blocks) <= blocks.BLOCK_LIMIT


def test_the_answer_modal_limits_what_slack_can_take(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    bot.click("followup_answer", "1", user="UOFFICER", channel=OFFICERS)
    [opened] = fake_slack.wait_for("views.open")
    [box] = [b for b in opened.view["blocks"] if b.get("block_id") == "answer_block"]
    assert box["element"]["max_length"] == 3000


def test_the_longest_allowed_answer_fits_in_one_message():
    from member_bot.followups import MAX_ANSWER_CHARS, Followup

    worst = "&" * MAX_ANSWER_CHARS  # every character escapes to five
    followup = Followup(1, "Q?", "U1", "C1", "1.1", [], "answered", "", "2026-01-01")
    followup.answer, followup.answered_by = worst, "UOFFICER"
    made = blocks.officer_answer_blocks(followup)
    assert len(made) <= blocks.BLOCK_LIMIT
    shown = "".join(b["text"]["text"] for b in made[1:-1])
    assert shown == "&amp;" * MAX_ANSWER_CHARS
