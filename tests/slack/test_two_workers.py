"""Two worker processes on one database (gunicorn): one officers' message, one answer each place.

Each `make_bot` is a separate app with its own services and connections, as a second
gunicorn worker has; only SQLite is shared.
"""

from __future__ import annotations

import threading
import time

from member_bot.followups_store import FollowupStore
from member_bot.slack.followup_flow import deliver_answer, post_followup
from tests.slack.conftest import OFFICERS, eventually
from tests.slack.test_followups import ask_and_get_ref, officer_posts, wait_posted


def _slow_posts(fake_slack, seconds: float = 0.5) -> None:
    def slow(body):
        time.sleep(seconds)
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", slow)


def _both(first, second) -> None:
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_a_double_click_across_two_workers_posts_one_officers_message(
    make_bot, settings, fake_slack
):
    a, b = make_bot(settings), make_bot(settings)
    ref, _ = ask_and_get_ref(a, fake_slack)
    _slow_posts(fake_slack)
    _both(lambda: a.click("ask_officer", ref), lambda: b.click("ask_officer", ref))
    wait_posted(a, fake_slack)
    time.sleep(1.0)  # room for a second post, were one coming
    assert len(FollowupStore(a.bot.conn()).list()) == 1
    assert len(officer_posts(fake_slack)) == 1
    # The other worker's outbox finds nothing left to post.
    assert post_followup(b.bot, 1).officer_ts == FollowupStore(a.bot.conn()).get(1).officer_ts
    assert len(officer_posts(fake_slack)) == 1


def test_a_stale_posting_claim_is_taken_over_by_the_outbox(bot, fake_slack):
    followups = FollowupStore(bot.bot.conn())
    followup, _ = followups.create(
        question="When will the pool open?",
        member_id="UMEMBER",
        channel_id="CGENERAL",
        thread_ts="1.1",
        offered=[],
        request_key="crashed",
    )
    # A worker claimed the post and died before posting.
    bot.bot.conn().execute(
        "UPDATE followups SET officer_ts = 'posting:2000-01-01T00:00:00+00:00' WHERE id = ?",
        (followup.id,),
    )
    bot.bot.conn().commit()
    assert followups.get(followup.id).officer_ts is None  # a claim is not a message
    assert [f.id for f in followups.unposted()] == [followup.id]
    bot.bot.outbox.grace = 0
    assert bot.bot.outbox.run_once().posted == 1
    eventually(lambda: followups.get(followup.id).officer_ts)
    assert len([c for c in officer_posts(fake_slack) if "pool open" in c.text()]) == 1


def test_two_workers_delivering_one_answer_send_it_once_to_each_place(
    make_bot, settings, fake_slack
):
    a, b = make_bot(settings), make_bot(settings)
    ref, _ = ask_and_get_ref(a, fake_slack)
    a.click("ask_officer", ref)
    wait_posted(a, fake_slack)
    FollowupStore(a.bot.conn()).answer(1, "Jane Smith", "It opens in September 2026.")
    _slow_posts(fake_slack, 0.3)
    _both(lambda: deliver_answer(a.bot, 1), lambda: deliver_answer(b.bot, 1))
    deliver_answer(a.bot, 1)  # whichever found the other busy: settle now
    sent = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if "September 2026" in c.text() and c.body["channel"] != OFFICERS
    ]
    assert len(sent) == 2, [c.body["channel"] for c in sent]  # the thread and the DM, once each
    assert FollowupStore(a.bot.conn()).get(1).delivered_at is not None
