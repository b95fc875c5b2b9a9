"""Follow-ups: stored first, posted to officers, claimed, answered in a modal, delivered."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from member_bot.followups_store import FollowupStore
from tests.slack.conftest import CHANNEL, MEMBER, OFFICER, OFFICERS, eventually

UNANSWERABLE = "When will the new swimming pool in Ashford open?"


def ask_and_get_ref(bot, fake_slack, question=UNANSWERABLE):
    _, ts = bot.mention(question)
    [call] = fake_slack.wait_for("chat.postMessage")
    buttons = [e for b in call.blocks if b["type"] == "actions" for e in b["elements"]]
    ask = [e for e in buttons if e["action_id"] == "ask_officer"][0]
    return ask["value"], ts


def wait_posted(bot, fake_slack, followup_id: int = 1):
    """Wait until the follow-up is posted to officers AND its message is stored (its
    buttons only find it then): the post and `mark_posted` are two steps."""
    fake_slack.wait_for("chat.postMessage", lambda c: c.body["channel"] == OFFICERS)
    store = FollowupStore(bot.bot.conn())
    eventually(lambda: store.get(followup_id).officer_ts)


def officer_posts(fake_slack):
    return [c for c in fake_slack.calls_to("chat.postMessage") if c.body["channel"] == OFFICERS]


def test_ask_an_officer_stores_then_posts_once_even_when_clicked_twice(bot, fake_slack):
    ref, ts = ask_and_get_ref(bot, fake_slack)
    assert bot.click("ask_officer", ref).status == 200
    [confirm] = fake_slack.wait_for("response_url")
    assert "follow-up #1" in confirm.text() and "in this thread" in confirm.text()
    wait_posted(bot, fake_slack)
    assert bot.click("ask_officer", ref).status == 200
    [_, again] = fake_slack.wait_for("response_url", count=2)
    assert "already with the officers as follow-up #1" in again.text()

    [post] = officer_posts(fake_slack)
    shown = post.text()
    assert UNANSWERABLE in shown and f"<@{MEMBER}>" in shown
    buttons = [
        e["text"]["text"] for b in post.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["Claim", "Answer", "Close"]

    followups = FollowupStore(bot.bot.conn()).list()
    assert len(followups) == 1
    f = followups[0]
    assert (f.question, f.member_id, f.channel_id, f.thread_ts) == (
        UNANSWERABLE,
        MEMBER,
        CHANNEL,
        ts,
    )
    assert f.officer_channel == OFFICERS and f.officer_ts == post.body.get("ts") or f.officer_ts
    actions = [e.action for e in f.history]
    assert actions[:2] == ["created", "posted"]


def test_claim_answer_in_modal_delivers_to_thread_and_dm_and_updates_officers(bot, fake_slack):
    ref, ts = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    [update] = fake_slack.wait_for("chat.update")
    assert f"Claimed* by <@{OFFICER}>" in update.text()

    bot.click("followup_answer", "1", user=OFFICER, channel=OFFICERS)
    [modal] = fake_slack.wait_for("views.open")
    assert modal.view["callback_id"] == "followup_answer_modal"
    assert modal.view["private_metadata"] == "1"

    empty = bot.submit_answer(1, "   ")
    assert empty.status == 200 and empty.json()["response_action"] == "errors"

    answer = "The pool is due to open in September 2026; the contract was let in May."
    assert bot.submit_answer(1, answer).status == 200
    delivered = fake_slack.wait_for("chat.postMessage", lambda c: answer in c.text(), count=2)
    places = {(c.body["channel"], c.body.get("thread_ts")) for c in delivered}
    assert places == {(CHANNEL, ts), (f"D{MEMBER}", None)}
    fake_slack.wait_for("chat.update", lambda c: "Answered* by" in c.text())
    f = FollowupStore(bot.bot.conn()).get(1)
    assert f.status == "answered" and f.delivered_at is not None
    assert [e.action for e in f.history] == [
        "created",
        "posted",
        "claimed",
        "answered",
        "sent",
        "sent",
        "delivered",
    ]

    # the next member who asks is answered from the officer's answer, cited as such
    bot.mention("when does the Ashford swimming pool open?")
    latest = fake_slack.wait_for("chat.postMessage", lambda c: "an officer's answer" in c.text())
    assert "September 2026" in latest[-1].text()


def test_close_button_and_refusals_are_explained(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    bot.click("followup_close", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("chat.update", lambda c: "Closed* by" in c.text())
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    [refusal] = fake_slack.wait_for("response_url", lambda c: "Sorry" in c.text())
    assert "already closed" in refusal.text()


def test_slack_failure_never_loses_a_followup_and_the_outbox_posts_it(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    fake_slack.fail("chat.postMessage", 500, times=3)  # more than the retry handler's 2
    bot.click("ask_officer", ref)
    [confirm] = fake_slack.wait_for("response_url")
    assert "follow-up #1" in confirm.text()
    store = FollowupStore(bot.bot.conn())
    fake_slack.wait_for("chat.postMessage", count=4)
    fake_slack.wait_for(
        "chat.postMessage", lambda c: c.body["channel"] == OFFICERS, count=3, timeout=10
    )
    eventually(lambda: "post_failed" in [e.action for e in store.get(1).history])
    assert store.get(1).officer_ts is None
    assert [x.id for x in store.unposted()] == [1]

    done = bot.bot.outbox.run_once()
    assert done.posted == 1
    assert store.get(1).officer_ts is not None and store.unposted() == []
    assert len(officer_posts(fake_slack)) == 4  # 3 refused + 1 accepted


def test_cli_answers_are_delivered_by_the_outbox(bot, fake_slack):
    ref, ts = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    FollowupStore(bot.bot.conn()).answer(1, "Jane Smith", "It opens in September.")
    # Just answered: whoever answered may still be delivering it, so the outbox waits...
    assert bot.bot.outbox.run_once().delivered == 0
    bot.bot.outbox.grace = 0  # ...for its grace period, which has now passed
    assert bot.bot.outbox.run_once().delivered == 1
    assert bot.bot.outbox.run_once().delivered == 0  # once only
    sent = [c for c in fake_slack.calls_to("chat.postMessage") if "opens in September" in c.text()]
    assert {c.body["channel"] for c in sent} == {CHANNEL, f"D{MEMBER}"}


def test_overdue_followups_are_reminded_once_a_working_day(make_bot, fake_slack, settings):
    # Raised three weeks ago on a Monday, so it is overdue today whatever the day.
    monday = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    old = FollowupStore(make_bot(settings).bot.conn(), clock=lambda: monday)
    old.create(
        question="Old question?",
        member_id=MEMBER,
        channel_id=CHANNEL,
        thread_ts="1.1",
        offered=[],
        request_key="old",
    )
    working_day = datetime(2026, 2, 4, 9, tzinfo=timezone.utc)  # a Wednesday
    bot = make_bot(settings, clock=lambda: working_day)
    first = bot.bot.outbox.run_once()
    assert first.reminded == 1
    reminders = [c for c in officer_posts(fake_slack) if "overdue" in c.text()]
    assert len(reminders) == 1 and "Old question?" in reminders[0].text()
    assert bot.bot.outbox.run_once().reminded == 0  # not twice the same day
    later = make_bot(settings, clock=lambda: working_day + timedelta(days=1))
    assert later.bot.outbox.run_once().reminded == 1


def test_ask_officer_command_and_followups_list(bot, fake_slack):
    reply = bot.command("/ask-officer", "Can we have the Q3 pothole figures by ward?")
    assert reply.status == 200
    [confirm] = fake_slack.wait_for("response_url")
    assert "follow-up #1" in confirm.text() and "direct message" in confirm.text()
    bot.command("/ask-officer", "Can we have the Q3 pothole figures by ward?")
    fake_slack.wait_for("response_url", count=2)
    wait_posted(bot, fake_slack)
    assert len(FollowupStore(bot.bot.conn()).list()) == 1
    assert len(officer_posts(fake_slack)) == 1

    bot.command("/followups", "", user=MEMBER)
    refused = fake_slack.wait_for("response_url", lambda c: "for officers" in c.text())
    assert refused
    bot.command("/followups", "", user=OFFICER)
    [listing] = fake_slack.wait_for("response_url", lambda c: "Follow-ups waiting" in c.text())
    assert "pothole" in listing.text()


def test_officers_app_home_shows_the_queue(bot, fake_slack):
    bot.command("/ask-officer", "Can we have the Q3 pothole figures by ward?")
    wait_posted(bot, fake_slack)
    bot.event({"type": "app_home_opened", "user": OFFICER, "channel": "DX", "tab": "home"})
    bot.event({"type": "app_home_opened", "user": MEMBER, "channel": "DY", "tab": "home"})
    homes = fake_slack.wait_for("views.publish", count=2)
    by_user = {c.body["user_id"]: c.text() for c in homes}
    assert "Officers' queue" in by_user[OFFICER] and "pothole" in by_user[OFFICER]
    assert "Officers' queue" not in by_user[MEMBER]
    assert "pothole" in by_user[MEMBER] and "open, due" in by_user[MEMBER]


def test_exempt_passages_a_reader_saw_are_not_passed_to_the_officers_channel(bot, fake_slack):
    from tests.slack.conftest import READER

    bot.dm("Who is buying the Dunmore Road depot and for how much?", user=READER)
    [answer] = fake_slack.wait_for("chat.postMessage")
    assert "Harbourside" in answer.text()  # the reader, in a DM, sees it
    ref = [e for b in answer.blocks if b["type"] == "actions" for e in b["elements"]][0]["value"]
    bot.click("ask_officer", ref, user=READER, channel=f"D{READER}")
    [post] = fake_slack.wait_for("chat.postMessage", lambda c: c.body["channel"] == OFFICERS)
    assert "Harbourside" not in post.text() and "2.4 million" not in post.text()
    offered = FollowupStore(bot.bot.conn()).get(1).offered
    assert all("Harbourside" not in p.quote for p in offered)


def test_a_long_reminder_names_every_overdue_follow_up(make_bot, fake_slack, settings):
    monday = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    old = FollowupStore(make_bot(settings).bot.conn(), clock=lambda: monday)
    for n in range(40):
        old.create(
            question=f"Question number {n} about the library opening hours " + "and more " * 12,
            member_id=MEMBER,
            channel_id=CHANNEL,
            thread_ts=f"1.{n}",
            offered=[],
            request_key=f"old-{n}",
        )
    working_day = datetime(2026, 2, 4, 9, tzinfo=timezone.utc)
    bot = make_bot(settings, clock=lambda: working_day)
    assert bot.bot.outbox.run_once().reminded == 40
    posts = [c.text() for c in officer_posts(fake_slack) if c.text().startswith((":warning", "("))]
    assert len(posts) > 1 and all(len(p) <= 3000 for p in posts)
    named = "\n".join(posts)
    assert all(f"#{n} " in named for n in range(1, 41))
