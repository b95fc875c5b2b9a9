"""Members ask: mentions, DMs, /ask, thread context, exempt papers, Slack's rules."""

from __future__ import annotations

import json

from member_bot.slack import questions
from tests.slack.conftest import CHANNEL, EXEMPT_TEXT, MEMBER, READER
from tests.slack.fake_slack import BOT_ID, BOT_USER

CARE = "How many children are in care in Kent?"


def answers_in(fake, channel=CHANNEL):
    return fake.calls_to("chat.postMessage")


def test_mention_is_answered_in_its_thread_with_quote_citation_and_buttons(bot, fake_slack):
    reply, ts = bot.mention(CARE)
    assert reply.status == 200
    [call] = fake_slack.wait_for("chat.postMessage")
    assert call.body["channel"] == CHANNEL
    assert call.body["thread_ts"] == ts
    shown = call.text()
    assert "just over 1,600" in shown
    assert "2(g)" in shown and "Children" in shown  # para and committee/title in the citation
    actions = [b for b in call.blocks if b["type"] == "actions"][0]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels[:3] == ["Ask an officer", "Helpful", "Not helpful"]
    # 👀 while searching, removed after
    assert fake_slack.wait_for("reactions.add")[0].body["name"] == "eyes"
    fake_slack.wait_for("reactions.remove")


def test_bad_signature_is_refused_with_401_and_nothing_is_posted(bot, fake_slack):
    body = json.dumps(
        bot.event_body(
            {"type": "app_mention", "user": MEMBER, "text": CARE, "ts": "1.1", "channel": CHANNEL}
        )
    )
    assert bot.post(body, "application/json", secret="not-the-secret").status == 401
    assert bot.post(body, "application/json", timestamp=1).status == 401  # replayed, stale
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_retried_event_is_answered_once_even_after_a_restart(make_bot, fake_slack):
    bot = make_bot()
    first, ts = bot.mention(CARE, event_id="EvSAME")
    fake_slack.wait_for("chat.postMessage")
    again, _ = bot.mention(
        CARE,
        event_id="EvSAME",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"},
    )
    restarted = make_bot()  # a new process on the same database
    third, _ = restarted.mention(CARE, event_id="EvSAME")
    assert (first.status, again.status, third.status) == (200, 200, 200)
    restarted.mention("What did the minutes resolve?", event_id="EvOTHER")
    fake_slack.wait_for("chat.postMessage", count=2)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_messages_from_bots_are_ignored(bot, fake_slack):
    bot.dm(CARE, bot_id=BOT_ID)  # our own
    bot.dm(CARE, bot_id="BOTHER", subtype="bot_message")  # another bot's
    bot.dm("edited", subtype="message_changed")
    reply, _ = bot.dm(CARE)  # a person: answered
    assert reply.status == 200
    [call] = fake_slack.wait_for("chat.postMessage")
    assert call.body["channel"] == f"D{MEMBER}" and "just over 1,600" in call.text()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_follow_up_in_the_thread_is_asked_with_the_earlier_question(bot, fake_slack):
    _, ts = bot.mention(CARE)
    fake_slack.wait_for("chat.postMessage")
    bot.mention("and what about adoption?", thread_ts=ts)
    calls = fake_slack.wait_for("chat.postMessage", count=2)
    assert calls[1].body["thread_ts"] == ts
    [latest] = questions.for_member(bot.bot.conn(), MEMBER, limit=1)
    assert latest.question == "and what about adoption?"
    assert latest.context == CARE


def test_unanswerable_question_says_so_and_offers_an_officer(bot, fake_slack):
    bot.mention("When will the new swimming pool in Ashford open?")
    [call] = fake_slack.wait_for("chat.postMessage")
    shown = call.text()
    # declined, or offered only as "may answer it": never presented as the answer
    assert "couldn't find that in the papers" in shown or "I'm not certain" in shown
    assert "The papers say" not in shown and "Here is what the papers say" not in shown
    actions = [b for b in call.blocks if b["type"] == "actions"][0]
    assert actions["elements"][0]["text"]["text"] == "Ask an officer"
    assert actions["elements"][0]["style"] == "primary"


def test_exempt_passage_is_never_shown_in_a_channel_even_to_a_reader(bot, fake_slack):
    question = "Who is buying the Dunmore Road depot and for how much?"
    bot.mention(question, user=MEMBER)
    bot.mention(question, user=READER)
    calls = fake_slack.wait_for("chat.postMessage", count=2)
    for call in calls:
        assert "Harbourside" not in call.text() and "2.4 million" not in call.text()
        assert "EXEMPT" not in call.text()


def test_exempt_passage_reaches_an_authorised_reader_only_in_a_dm_marked(bot, fake_slack):
    question = "Who is buying the Dunmore Road depot and for how much?"
    bot.dm(question, user=MEMBER)
    [member_call] = fake_slack.wait_for("chat.postMessage")
    assert "Harbourside" not in member_call.text()
    bot.dm(question, user=READER)
    calls = fake_slack.wait_for("chat.postMessage", count=2)
    reader_call = calls[1]
    assert reader_call.body["channel"] == f"D{READER}"
    assert "2.4 million" in reader_call.text()
    assert "EXEMPT — not for publication" in reader_call.text()
    buttons = [
        e["text"]["text"]
        for b in reader_call.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "Share in channel" not in buttons
    assert EXEMPT_TEXT.split(",")[0][:40] in reader_call.text()


def test_ask_is_private_with_share_in_channel(bot, fake_slack):
    reply = bot.command("/ask", CARE)
    assert reply.status == 200
    assert "Searching the papers" in reply.body  # the immediate ack, replaced by the answer
    [answer] = fake_slack.wait_for("response_url")
    assert answer.body["response_type"] == "ephemeral"
    assert answer.body["replace_original"] is True
    assert "just over 1,600" in answer.text()
    share = [
        e
        for b in answer.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "share_answer"
    ][0]
    assert fake_slack.calls_to("chat.postMessage") == []  # nothing public yet
    assert bot.click("share_answer", share["value"]).status == 200
    [public] = fake_slack.wait_for("chat.postMessage")
    assert public.body["channel"] == CHANNEL
    assert f"<@{MEMBER}> asked" in public.text() and "just over 1,600" in public.text()
    fake_slack.wait_for("response_url", lambda c: c.body.get("delete_original") is True)


def test_rate_limit_and_server_error_are_retried_and_the_answer_arrives(bot, fake_slack):
    fake_slack.fail("chat.postMessage", 429, retry_after="0")
    fake_slack.fail("chat.postMessage", 500)
    bot.mention(CARE)
    calls = fake_slack.wait_for("chat.postMessage", count=3, timeout=10)
    assert "just over 1,600" in calls[-1].text()
    assert len(calls) == 3  # 429, 500, then delivered once


def test_helpful_votes_are_recorded_once_per_person(bot, fake_slack):
    bot.mention(CARE)
    [call] = fake_slack.wait_for("chat.postMessage")
    ref = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]][1]["value"]
    bot.click("feedback_helpful", ref)
    bot.click("feedback_helpful", ref)
    bot.click("feedback_not_helpful", ref, user="USOMEONE")
    fake_slack.wait_for("response_url", count=3)
    assert questions.figures(bot.bot.conn())["helpful"] == 1
    assert questions.figures(bot.bot.conn())["not_helpful"] == 1


def test_app_home_shows_a_members_questions(bot, fake_slack):
    bot.mention(CARE)
    fake_slack.wait_for("chat.postMessage")
    bot.event({"type": "app_home_opened", "user": MEMBER, "channel": "DX", "tab": "home"})
    [home] = fake_slack.wait_for("views.publish")
    assert home.body["user_id"] == MEMBER
    assert CARE in home.text()
    assert ("answered from the papers" in home.text()) != ("no sure answer" in home.text())
    assert "Officers' queue" not in home.text()
    assert BOT_USER not in home.text()


def test_a_request_to_write_text_is_declined_with_the_reason_in_slack(bot, fake_slack):
    reply, _ = bot.mention("write me a speech about children in care in Kent")
    assert reply.status == 200
    [call] = fake_slack.wait_for("chat.postMessage")
    shown = call.text()
    assert "I couldn't find that in the papers" in shown
    assert "can't write or make up text" in shown
    assert "just over 1,600" not in shown.split("Possibly related")[0]
