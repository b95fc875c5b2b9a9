"""Slack's Block Kit limits hold after escaping, and a refused message still gets through."""

from __future__ import annotations

from datetime import date

from member_bot.followups import Followup, OfferedPassage
from member_bot.followups_store import FollowupStore
from member_bot.slack import blocks
from tests.slack.conftest import OFFICERS
from tests.slack.test_followups import ask_and_get_ref, officer_posts, wait_posted


def _texts(made: list[dict], kind: str) -> list[str]:
    found = []
    for b in made:
        if b["type"] == kind == "section":
            found.append(b["text"]["text"])
        elif b["type"] == kind == "context":
            found += [e["text"] for e in b["elements"]]
    return found


def test_app_home_sections_fit_after_escaping():
    questions = [("&" * 150, False, "2026-01-01T00:00:00")] * 10
    followups = [
        Followup(i, "<>" * 80, "U1", "C1", None, [], "open", "2026-01-01", "2026-01-15")
        for i in range(1, 11)
    ]
    view = blocks.home_view(
        questions=questions, followups=followups, officer_queue=None, today=date(2026, 1, 2)
    )
    sections = _texts(view["blocks"], "section")
    assert sections and max(len(s) for s in sections) <= blocks.SECTION_LIMIT
    for line in sections[0].splitlines():  # each question shown in part, never as "&am…"
        assert line.startswith("• &amp;&amp;") and "&amp;…" in line and len(line) < 250


def test_lines_that_do_not_fit_a_section_are_counted_not_cut():
    lines = [f"• line {i} " + "x" * 990 for i in range(5)]
    text = blocks.lines_within(lines)
    assert len(text) <= blocks.SECTION_LIMIT
    assert text.splitlines() == [*lines[:2], "…and 3 more"]


def test_contact_officers_and_offered_quotes_fit_their_limits():
    offered = [
        OfferedPassage(i, "£" + "&" * 900, "<Cabinet>" * 60, "Jo & Co <x> " * 300) for i in range(3)
    ]
    followup = Followup(1, "Q?", "U1", "C1", None, offered, "open", "2026-01-01", "2026-01-15")
    made = blocks.followup_blocks(followup, date(2026, 1, 2))
    assert all(len(t) <= blocks.CONTEXT_LIMIT for t in _texts(made, "context"))
    assert all(len(t) <= blocks.SECTION_LIMIT for t in _texts(made, "section"))
    assert not any(t.endswith(("&amp", "&a", "&")) for t in _texts(made, "context"))


def _refuse_blocks(fake_slack):
    def refuse(body):
        if body.get("blocks"):
            return {"ok": False, "error": "invalid_blocks"}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", refuse)


def test_refused_blocks_still_post_the_followup_and_deliver_the_answer(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    _refuse_blocks(fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    posted = [c for c in officer_posts(fake_slack) if not c.body.get("blocks")]
    assert len(posted) == 1 and "swimming pool" in posted[0].text()
    assert "/followups" in posted[0].text()

    answer = "It opens in September 2026 & not before. " * 100 + "THE END."
    FollowupStore(bot.bot.conn()).answer(1, "Jane Smith", answer)
    bot.bot.outbox.grace = 0
    assert bot.bot.outbox.run_once().delivered == 1
    sent = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if "September 2026" in c.text() and c.body["channel"] != OFFICERS
    ]
    text_only = [c for c in sent if not c.body.get("blocks")]
    assert len(text_only) == 2  # the thread and the DM, each whole
    assert all(
        "THE END." in c.body["text"] and "&amp; not before" in c.body["text"] for c in text_only
    )
    assert FollowupStore(bot.bot.conn()).get(1).delivered_at is not None
