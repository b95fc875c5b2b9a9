"""Each event answered once: a claim lapses if its worker died, and the ack never waits long."""

from __future__ import annotations

import time

from indexer import store
from member_bot.slack import events_seen
from tests.slack.test_members import CARE


def test_an_event_whose_answer_failed_is_answered_when_slack_retries_later(bot, fake_slack):
    fake_slack.reply("chat.postMessage", lambda body: {"ok": False, "error": "fatal_error"})
    bot.mention(CARE, event_id="EvCRASH")
    fake_slack.wait_for("chat.postMessage")
    conn = bot.bot.conn()
    time.sleep(0.2)
    assert events_seen.state_of(conn, "EvCRASH") == "claimed"  # never marked done

    fake_slack.state.replies.clear()
    bot.mention(CARE, event_id="EvCRASH", headers={"X-Slack-Retry-Num": "1"})
    time.sleep(0.3)  # moments later: the first worker may still be at it, so it is dropped
    assert len(fake_slack.calls_to("chat.postMessage")) == 1

    # Slack's next retry comes a minute or more later: the stale claim is taken over.
    with conn:
        conn.execute(
            "UPDATE slack_events_seen SET seen_at = '2000-01-01T00:00:00+00:00' "
            "WHERE event_id = 'EvCRASH'"
        )
    bot.mention(CARE, event_id="EvCRASH", headers={"X-Slack-Retry-Num": "2"})
    [_, answered] = fake_slack.wait_for("chat.postMessage", count=2)
    assert "just over 1,600" in answered.text()
    time.sleep(0.2)
    assert events_seen.state_of(conn, "EvCRASH") == "done"
    # Done is done: even a late retry is not answered again.
    with conn:
        conn.execute(
            "UPDATE slack_events_seen SET seen_at = '2000-01-01T00:00:00+00:00' "
            "WHERE event_id = 'EvCRASH'"
        )
    bot.mention(CARE, event_id="EvCRASH", headers={"X-Slack-Retry-Num": "3"})
    time.sleep(0.3)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


def test_the_ack_is_not_held_up_by_a_long_write_elsewhere(bot, fake_slack, settings):
    blocker = store.connect(settings.db_path)
    blocker.execute("BEGIN IMMEDIATE")  # e.g. a re-index storing a big paper
    try:
        started = time.monotonic()
        reply, _ = bot.mention(CARE, event_id="EvBUSY")
        acked_in = time.monotonic() - started
    finally:
        blocker.execute("ROLLBACK")
    assert reply.status == 200 and acked_in < 2.5
    [answer] = fake_slack.wait_for("chat.postMessage")
    assert "just over 1,600" in answer.text()


def test_claims_lapse_only_when_stale_and_not_done(tmp_path):
    from datetime import datetime, timedelta, timezone

    conn = store.connect(tmp_path / "bot.db")
    events_seen.ensure_tables(conn)
    t0 = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    assert events_seen.claim(conn, "Ev1", t0) is True
    assert events_seen.claim(conn, "Ev1", t0 + timedelta(seconds=30)) is False
    assert events_seen.claim(conn, "Ev1", t0 + timedelta(seconds=61)) is True
    assert events_seen.claim(conn, "Ev1", t0 + timedelta(seconds=62)) is False  # re-claimed
    events_seen.mark_done(conn, "Ev1")
    assert events_seen.claim(conn, "Ev1", t0 + timedelta(hours=1)) is False
