"""Answers reach the member: each place on its own, permanent errors settle, retries back off."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from member_bot.followups_store import FollowupStore
from tests.slack.conftest import CHANNEL, MEMBER, OFFICERS
from tests.slack.test_followups import ask_and_get_ref, wait_posted

ANSWER = "The pool is due to open in September 2026."


def raise_and_answer(bot, fake_slack, clock=None) -> FollowupStore:
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    followups = FollowupStore(bot.bot.conn(), **({"clock": clock} if clock else {}))
    followups.answer(1, "Jane Smith", ANSWER)  # as from the CLI: the outbox delivers it
    bot.bot.outbox.grace = 0
    return followups


def refuse_in(fake_slack, channel: str, error: str) -> None:
    def reply(body: dict) -> dict:
        if body.get("channel") == channel and ANSWER in str(body):
            return {"ok": False, "error": error}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", reply)


def test_thread_gone_for_good_still_reaches_the_dm_and_is_not_retried(bot, fake_slack):
    followups = raise_and_answer(bot, fake_slack)
    refuse_in(fake_slack, CHANNEL, "not_in_channel")
    assert bot.bot.outbox.run_once().delivered == 1
    to_dm = [c for c in fake_slack.calls_to("chat.postMessage") if ANSWER in c.text()]
    assert {c.body["channel"] for c in to_dm} == {CHANNEL, f"D{MEMBER}"}
    f = followups.get(1)
    assert f.delivered_at is not None
    actions = [(e.action, e.detail) for e in f.history]
    assert ("gave_up", f"{CHANNEL} {f.thread_ts}: Slack said not_in_channel") in actions
    assert ("sent", "dm") in actions and actions[-1][0] in ("delivered", "update_failed")
    calls = len(fake_slack.calls_to("chat.postMessage"))
    assert bot.bot.outbox.run_once().delivered == 0  # settled: never tried again
    assert len(fake_slack.calls_to("chat.postMessage")) == calls


def test_when_no_place_takes_it_delivery_is_settled_and_officers_are_told(bot, fake_slack):
    followups = raise_and_answer(bot, fake_slack)

    def reply(body: dict) -> dict:
        if ANSWER in str(body) and body.get("channel") != OFFICERS:
            return {
                "ok": False,
                "error": "is_archived" if body["channel"] == CHANNEL else "user_disabled",
            }
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", reply)
    assert bot.bot.outbox.run_once().delivered == 1
    f = followups.get(1)
    assert f.delivered_at is not None
    assert [e.action for e in f.history][-1] == "undeliverable"
    fake_slack.wait_for(
        "chat.update",
        lambda c: "would not deliver the answer" in c.text() and "is_archived" in c.text(),
    )


def test_passing_failures_back_off_and_are_recorded_once(make_bot, settings, fake_slack):
    now = [datetime(2026, 2, 4, 9, tzinfo=timezone.utc)]
    bot = make_bot(settings, clock=lambda: now[0])
    followups = raise_and_answer(bot, fake_slack, clock=lambda: now[0])
    down = [True]

    def reply(body: dict) -> dict:  # Slack's own passing error (HTTP 500s are tested elsewhere)
        if down[0] and ANSWER in str(body):
            return {"ok": False, "error": "service_unavailable"}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", reply)
    outbox = bot.bot.outbox
    assert outbox.run_once().delivered == 0
    first = followups.get(1)
    assert first.delivery_attempts == 1
    retry_at = datetime.fromisoformat(first.delivery_retry_at)
    assert retry_at - now[0] == timedelta(minutes=1)

    calls = len(fake_slack.calls_to("chat.postMessage"))
    assert outbox.run_once().left == 1  # too soon: not even tried
    assert len(fake_slack.calls_to("chat.postMessage")) == calls

    for minutes in (1, 2, 4, 8):
        now[0] += timedelta(minutes=minutes)
        outbox.run_once()
    f = followups.get(1)
    assert f.delivery_attempts == 5
    assert datetime.fromisoformat(f.delivery_retry_at) - now[0] == timedelta(minutes=16)
    failures = [e for e in f.history if e.action == "delivery_failed"]
    assert len(failures) == 1  # the same error, however often: one history row

    down[0] = False
    now[0] += timedelta(hours=1)
    assert outbox.run_once().delivered == 1
    assert followups.get(1).delivered_at is not None
