"""Members never get nothing: refused blocks, sharing where the bot isn't, others' buttons."""

from __future__ import annotations

from member_bot.followups_store import FollowupStore
from tests.slack.conftest import CHANNEL, MEMBER, OFFICERS
from tests.slack.test_followups import UNANSWERABLE, ask_and_get_ref
from tests.slack.test_members import CARE

COLLEAGUE = "UCOLLEAGUE"


def test_when_slack_refuses_the_blocks_the_answer_goes_as_text(bot, fake_slack):
    def reply(body: dict) -> dict:
        if body.get("blocks"):
            return {"ok": False, "error": "invalid_blocks"}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", reply)
    _, ts = bot.mention(CARE)
    [refused, text_only] = fake_slack.wait_for("chat.postMessage", count=2)
    assert refused.blocks and not text_only.blocks
    assert text_only.body["thread_ts"] == ts
    assert "just over 1,600" in text_only.text() and "para 2(g)" in text_only.text()


def test_sharing_into_a_channel_the_bot_is_not_in_tells_the_member(bot, fake_slack):
    bot.command("/ask", CARE, channel="CSECRET")
    [private] = fake_slack.wait_for("response_url", lambda c: "just over 1,600" in c.text())
    share = [e for b in private.blocks if b["type"] == "actions" for e in b["elements"]][-1]
    assert share["action_id"] == "share_answer"

    def reply(body: dict) -> dict:
        if body.get("channel") == "CSECRET":
            return {"ok": False, "error": "not_in_channel"}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", reply)
    bot.click("share_answer", share["value"], channel="CSECRET")
    [told] = fake_slack.wait_for("response_url", lambda c: "not a member" in c.text())
    assert told.body.get("response_type") == "ephemeral" and "/invite" in told.text()
    assert not [c for c in fake_slack.calls_to("response_url") if c.body.get("delete_original")]


def test_shared_answers_keep_their_buttons(bot, fake_slack):
    bot.command("/ask", CARE)
    [private] = fake_slack.wait_for("response_url", lambda c: "just over 1,600" in c.text())
    share = [e for b in private.blocks if b["type"] == "actions" for e in b["elements"]][-1]
    bot.click("share_answer", share["value"])
    [shared] = fake_slack.wait_for("chat.postMessage", lambda c: c.body["channel"] == CHANNEL)
    assert shared.blocks[0]["text"]["text"].startswith(f"<@{MEMBER}> asked:")
    assert shared.blocks[-1]["type"] == "actions"


def test_ask_an_officer_pressed_by_a_colleague_is_still_the_askers(bot, fake_slack):
    ref, ts = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref, user=COLLEAGUE)
    [confirm] = fake_slack.wait_for("response_url")
    assert f"to <@{MEMBER}>, who asked it" in confirm.text()
    [post] = fake_slack.wait_for("chat.postMessage", lambda c: c.body["channel"] == OFFICERS)
    assert f"<@{MEMBER}> asked" in post.text() and UNANSWERABLE in post.text()
    f = FollowupStore(bot.bot.conn()).get(1)
    assert (f.member_id, f.channel_id, f.thread_ts) == (MEMBER, CHANNEL, ts)
    assert ("asked_for_by", COLLEAGUE) in [(e.action, e.actor) for e in f.history]

    FollowupStore(bot.bot.conn()).answer(1, "Jane Smith", "It opens in September 2026.")
    bot.bot.outbox.grace = 0
    bot.bot.outbox.run_once()
    opened = fake_slack.calls_to("conversations.open")
    assert [c.body["users"] for c in opened] == [MEMBER]  # the asker's DM, not the presser's
