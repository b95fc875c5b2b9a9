"""An officer's answer from the modal is stored before anything waits on Slack."""

from __future__ import annotations

import time

from indexer import store
from member_bot.followups import FollowupError
from member_bot.followups_store import FollowupStore
from member_bot.slack.listeners.views.answer_submitted import not_sent_text
from tests.slack.conftest import eventually
from tests.slack.test_followups import ask_and_get_ref, wait_posted

POOL_ANSWER = "The pool is due to open in September 2026; the contract was let in May."


def test_the_answer_is_stored_while_users_info_is_rate_limited(bot, fake_slack):
    fake_slack.state.user_names["UOFFICER"] = "Sarah Hammond"
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    fake_slack.fail("users.info", 429, times=3, retry_after="1")
    started = time.monotonic()
    assert bot.submit_answer(1, POOL_ANSWER).status == 200
    followups = FollowupStore(bot.bot.conn())
    # Stored (and delivered) long before users.info stops refusing (3 s of Retry-After).
    eventually(lambda: followups.get(1).answer == POOL_ANSWER, timeout=1.0)
    fake_slack.wait_for("chat.postMessage", lambda c: POOL_ANSWER in c.text(), timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert store.get_document(bot.bot.conn(), "followup:1").meta.author is None
    # Once Slack answers, the published answer names the officer.
    doc = eventually(
        lambda: (d := store.get_document(bot.bot.conn(), "followup:1")) and d.meta.author and d,
        timeout=8.0,
    )
    assert doc.meta.author == "Sarah Hammond"
    assert followups.get(1).answer == POOL_ANSWER


def test_a_late_answer_is_given_back_to_the_officer_who_typed_it():
    typed = "Opens in September <2026> & the café in October."
    told = not_sent_text(FollowupError("follow-up #1 was already answered by U2"), typed)
    assert told.startswith("Your answer wasn't sent: follow-up #1 was already answered by U2")
    assert "Opens in September &lt;2026&gt; &amp; the café in October." in told
    long = "word " * 2000
    assert len(not_sent_text(FollowupError("x"), long)) < 4000
