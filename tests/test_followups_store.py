"""The follow-up queue on real SQLite files: idempotence, history, deadlines, reminders, threads."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import store
from member_bot.followups import FollowupError, OfferedPassage
from member_bot.followups_store import FollowupStore


class Clock:
    """A settable "now" (UTC), so due dates and reminders are tested on known days."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


MONDAY = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)
OFFERED = [
    OfferedPassage(11, "just over 1,600", "Cabinet minutes, 3 Feb 2025, para 2(g)", "Jo Bloggs"),
    OfferedPassage(None, "no passage id", "Report, para 3", None),
]


def open_store(db: Path, clock: Clock | None = None, **options) -> FollowupStore:
    return FollowupStore(store.connect(db), clock=clock or Clock(MONDAY), **options)


def ask(queue: FollowupStore, key: str = "C1:1700000000.000100", **changes):
    fields = dict(
        question="How many children are in care in Kent?",
        member_id="U_MEMBER",
        channel_id="C1",
        thread_ts="1700000000.000100",
        offered=OFFERED,
        request_key=key,
    )
    fields.update(changes)
    return queue.create(**fields)


def test_create_stores_everything_and_survives_reopening(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    followup, created = ask(open_store(db))
    assert created
    reopened = open_store(db).get(followup.id)
    assert reopened == followup
    assert reopened.status == "open"
    assert reopened.question == "How many children are in care in Kent?"
    assert (reopened.member_id, reopened.channel_id, reopened.thread_ts) == (
        "U_MEMBER",
        "C1",
        "1700000000.000100",
    )
    assert reopened.offered == OFFERED
    assert reopened.created_at == "2025-03-03T10:00:00+00:00"
    assert reopened.due_date == "2025-03-17"  # 10 working days
    assert reopened.contact_officers() == ["Jo Bloggs"]
    assert [(e.action, e.actor) for e in reopened.history] == [("created", "U_MEMBER")]


def test_pressing_ask_an_officer_twice_makes_one_followup(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    first, created_first = ask(queue)
    second, created_second = ask(queue, question="a re-sent click with other text")
    assert (created_first, created_second) == (True, False)
    assert second == first
    conn = sqlite3.connect(tmp_path / "bot.db")
    assert conn.execute("SELECT COUNT(*) FROM followups").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM followup_offered").fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM followup_events").fetchone()[0] == 1


def test_concurrent_clicks_on_their_own_connections_make_one_followup(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    open_store(db)  # the bot creates the tables at start-up
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def click(key: str) -> None:
        try:
            queue = FollowupStore(store.connect(db, check_same_thread=False), clock=Clock(MONDAY))
            followup, created = ask(queue, key=key)
            queue.claim(followup.id, "O1")
            results.append((followup.id, created))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=click, args=("same-key",)) for _ in range(6)]
    threads += [threading.Thread(target=click, args=(f"key-{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(created for _, created in results) == 7
    assert len({fid for fid, _ in results}) == 7
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM followups").fetchone()[0] == 7
    assert conn.execute("SELECT COUNT(*) FROM followups WHERE status='claimed'").fetchone()[0] == 7
    events = conn.execute(
        "SELECT action, COUNT(*) FROM followup_events GROUP BY action ORDER BY action"
    ).fetchall()
    assert events == [("claimed", 7), ("created", 7)]  # re-claims by the same officer: no event


def test_sla_is_configurable_and_skips_bank_holidays(tmp_path: Path) -> None:
    thursday_before_easter = Clock(datetime(2025, 4, 17, 9, 0, tzinfo=timezone.utc))
    with_holidays = open_store(tmp_path / "a.db", thursday_before_easter, sla_working_days=2)
    assert ask(with_holidays)[0].due_date == "2025-04-23"
    without = open_store(
        tmp_path / "b.db", thursday_before_easter, sla_working_days=2, bank_holidays=False
    )
    assert ask(without)[0].due_date == "2025-04-21"
    closure = open_store(
        tmp_path / "c.db",
        thursday_before_easter,
        sla_working_days=2,
        extra_holidays=[date(2025, 4, 22)],
    )
    assert ask(closure)[0].due_date == "2025-04-24"
    with pytest.raises(FollowupError, match="at least 1 working day"):
        open_store(tmp_path / "d.db", sla_working_days=0)


def test_today_is_the_councils_date_not_utcs(tmp_path: Path) -> None:
    late_june_evening = Clock(datetime(2025, 6, 30, 23, 30, tzinfo=timezone.utc))  # 00:30 BST
    queue = open_store(tmp_path / "bot.db", late_june_evening, sla_working_days=1)
    assert queue.today() == date(2025, 7, 1)
    assert ask(queue)[0].due_date == "2025-07-02"


def test_full_life_and_history_in_order(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    clock = Clock(MONDAY)
    queue = open_store(db, clock)
    followup, _ = ask(queue)
    queue.mark_posted(followup.id, "C_OFFICERS", "1700000001.000200")
    clock.moment = datetime(2025, 3, 4, 9, 0, tzinfo=timezone.utc)
    queue.claim(followup.id, "U_OFFICER_A")
    queue.claim(followup.id, "U_OFFICER_B")  # a colleague takes over
    queue.record(followup.id, None, "post_failed", "ratelimited")
    answered = queue.answer(followup.id, "U_OFFICER_B", "There are 1,612 children in care.")
    assert answered.status == "answered"
    assert answered.answered_at == "2025-03-04T09:00:00+00:00"
    queue.mark_delivered(followup.id)
    closed = queue.close(followup.id, "U_OFFICER_B", "answered in thread")
    assert (closed.status, closed.closed_by, closed.close_reason) == (
        "closed",
        "U_OFFICER_B",
        "answered in thread",
    )

    final = open_store(db).get(followup.id)
    assert (final.officer_channel, final.officer_ts) == ("C_OFFICERS", "1700000001.000200")
    assert (final.claimed_by, final.answered_by) == ("U_OFFICER_B", "U_OFFICER_B")
    assert final.answer == "There are 1,612 children in care."
    assert final.delivered_at == "2025-03-04T09:00:00+00:00"
    assert [(e.action, e.actor, e.detail) for e in final.history] == [
        ("created", "U_MEMBER", "due 2025-03-17"),
        ("posted", None, "C_OFFICERS 1700000001.000200"),
        ("claimed", "U_OFFICER_A", None),
        ("claimed", "U_OFFICER_B", "taken over from U_OFFICER_A"),
        ("post_failed", None, "ratelimited"),
        ("answered", "U_OFFICER_B", "searchable"),
        ("delivered", None, None),
        ("closed", "U_OFFICER_B", "answered in thread"),
    ]
    assert [e.at for e in final.history][:2] == ["2025-03-03T10:00:00+00:00"] * 2


def test_refusals_are_clear_and_change_nothing(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    followup, _ = ask(queue)
    queue.close(followup.id, "U_OFFICER_A", "duplicate of #1")
    with pytest.raises(FollowupError, match=r"follow-up #1 is already closed \(by U_OFFICER_A"):
        queue.answer(followup.id, "U_OFFICER_B", "Late answer")
    with pytest.raises(FollowupError, match="already closed"):
        queue.close(followup.id, "U_OFFICER_B")
    with pytest.raises(FollowupError, match="already closed"):
        queue.claim(followup.id, "U_OFFICER_B")
    with pytest.raises(FollowupError, match="there is no follow-up #99"):
        queue.get(99)
    with pytest.raises(FollowupError, match="there is no follow-up #99"):
        queue.record(99, None, "reminded")
    with pytest.raises(FollowupError, match="say which officer"):
        queue.claim(followup.id, "  ")
    with pytest.raises(FollowupError, match="unknown status 'pending'"):
        queue.list(statuses=["pending"])
    with pytest.raises(FollowupError, match="no question"):
        ask(queue, key="other", question="  ")
    after = queue.get(followup.id)
    assert after.status == "closed" and after.answer is None
    assert [e.action for e in after.history] == ["created", "closed"]


def test_answering_twice(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    followup, _ = ask(queue)
    queue.answer(followup.id, "U_OFFICER_A", "About 1,600.")
    again = queue.answer(followup.id, "U_OFFICER_A", "About 1,600.")  # a re-sent modal
    assert [e.action for e in again.history] == ["created", "answered"]
    with pytest.raises(FollowupError, match="already answered by U_OFFICER_A"):
        queue.answer(followup.id, "U_OFFICER_B", "A different answer")
    assert queue.get(followup.id).answer == "About 1,600."


def test_a_failed_publication_rolls_the_answer_back(tmp_path: Path) -> None:
    """The status change, its history event and the searchable paper are one transaction."""
    db = tmp_path / "bot.db"
    queue = open_store(db)
    followup, _ = ask(queue)
    queue.conn.execute(
        "CREATE TRIGGER refuse_answers BEFORE INSERT ON documents "
        "WHEN new.source LIKE 'followup:%' BEGIN SELECT RAISE(ABORT, 'index is read-only'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="read-only"):
        queue.answer(followup.id, "U_OFFICER_A", "About 1,600.")
    after = open_store(db).get(followup.id)
    assert (after.status, after.answer) == ("open", None)
    assert [e.action for e in after.history] == ["created"]


def test_unposted_until_posted(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    first, _ = ask(queue, key="a")
    second, _ = ask(queue, key="b")
    third, _ = ask(queue, key="c")
    queue.close(third.id, "U_OFFICER_A", "member withdrew")  # needs no officer any more
    assert [f.id for f in queue.unposted()] == [first.id, second.id]
    queue.mark_posted(first.id, "C_OFFICERS", "1.1")
    assert [f.id for f in queue.unposted()] == [second.id]
    assert queue.by_officer_message("C_OFFICERS", "1.1").id == first.id
    assert queue.by_officer_message("C_OFFICERS", "9.9") is None


def test_undelivered_answers_until_delivered(tmp_path: Path) -> None:
    clock = Clock(MONDAY)
    queue = open_store(tmp_path / "bot.db", clock)
    first, _ = ask(queue, key="a")
    second, _ = ask(queue, key="b")
    assert queue.undelivered_answers() == []
    queue.answer(second.id, "U_OFFICER_A", "Second answer")
    clock.moment = datetime(2025, 3, 3, 11, 0, tzinfo=timezone.utc)
    queue.answer(first.id, "U_OFFICER_A", "First answer")
    queue.close(first.id, "U_OFFICER_A")  # closed before the bot delivered: still owed
    assert [f.id for f in queue.undelivered_answers()] == [second.id, first.id]  # oldest first
    queue.mark_delivered(second.id)
    queue.mark_delivered(second.id)
    assert [f.id for f in queue.undelivered_answers()] == [first.id]
    assert [e.action for e in queue.get(second.id).history].count("delivered") == 1
    third, _ = ask(queue, key="c")
    with pytest.raises(FollowupError, match="no answer yet"):
        queue.mark_delivered(third.id)


def test_overdue_listing(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")  # created Monday 3 March, due 17 March
    waiting, _ = ask(queue, key="a")
    claimed, _ = ask(queue, key="b", member_id="U_OTHER")
    answered, _ = ask(queue, key="c")
    queue.claim(claimed.id, "U_OFFICER_A")
    queue.answer(answered.id, "U_OFFICER_A", "Done.")
    assert queue.list(overdue_on=date(2025, 3, 17)) == []
    assert [f.id for f in queue.list(overdue_on=date(2025, 3, 18))] == [waiting.id, claimed.id]
    assert [f.id for f in queue.list(statuses=["answered"])] == [answered.id]
    assert [f.id for f in queue.list(statuses="claimed")] == [claimed.id]
    assert [f.id for f in queue.list(member_id="U_OTHER")] == [claimed.id]
    assert [f.id for f in queue.list()] == [waiting.id, claimed.id, answered.id]


def test_reminders_once_a_working_day(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")  # due Monday 17 March 2025
    overdue, _ = ask(queue, key="a")
    answered, _ = ask(queue, key="b")
    queue.answer(answered.id, "U_OFFICER_A", "Done.")
    assert queue.due_reminders(date(2025, 3, 17)) == []
    tuesday = date(2025, 3, 18)
    assert [f.id for f in queue.due_reminders(tuesday)] == [overdue.id]
    queue.mark_reminded(overdue.id, tuesday)
    assert queue.due_reminders(tuesday) == []  # once a day, however often the bot checks
    assert [f.id for f in queue.due_reminders(date(2025, 3, 19))] == [overdue.id]
    assert queue.due_reminders(date(2025, 3, 22)) == []  # Saturday
    assert queue.due_reminders(date(2025, 4, 18)) == []  # Good Friday
    assert queue.get(overdue.id).last_reminded_on == "2025-03-18"
    assert queue.get(overdue.id).history[-1].detail == "overdue on 2025-03-18"


def test_a_plain_sqlite_connection_works_too(tmp_path: Path) -> None:
    """The store doesn't depend on the index's row factory, and creates the index tables."""
    conn = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
    queue = FollowupStore(conn, clock=Clock(MONDAY))
    followup, _ = ask(queue)
    assert queue.answer(followup.id, "U_OFFICER_A", "About 1,600.").status == "answered"
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["claim", "answer", "close", "deliver", "remind"]),
        st.sampled_from(["U_A", "U_B"]),
        st.sampled_from(["About 1,600.", "Around 1,600 children."]),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(actions=ACTIONS)
def test_any_sequence_of_officer_actions_keeps_the_queue_consistent(actions) -> None:
    """Whatever officers press, in any order: refusals change nothing, every change is recorded,
    and the stored follow-up agrees with the rules."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bot.db"
        queue = open_store(db)
        followup, _ = ask(queue)
        for action, officer, text in actions:
            before = queue.get(followup.id)
            try:
                if action == "claim":
                    queue.claim(followup.id, officer)
                elif action == "answer":
                    queue.answer(followup.id, officer, text)
                elif action == "close":
                    queue.close(followup.id, officer)
                elif action == "deliver":
                    queue.mark_delivered(followup.id)
                else:
                    queue.mark_reminded(followup.id, date(2025, 3, 18))
            except FollowupError:
                assert queue.get(followup.id) == before  # a refusal changes nothing
                continue
            after = queue.get(followup.id)
            assert len(after.history) - len(before.history) in (0, 1)
            assert after.history[: len(before.history)] == before.history  # append-only
        final = open_store(db).get(followup.id)
        assert final.status in ("open", "claimed", "answered", "closed")
        assert final.history[0].action == "created"
        assert (final.answer is None) == (final.answered_by is None) == (final.answered_at is None)
        if final.status in ("claimed", "answered"):
            assert final.claimed_by is not None
        if final.status == "answered":
            assert final.answer is not None
        if final.delivered_at is not None:
            assert final.answer is not None
        papers = queue.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert papers == (1 if final.answer is not None else 0)
        actions_done = [e.action for e in final.history]
        assert actions_done.count("answered") <= 1
        assert actions_done.count("closed") <= 1
        if "closed" in actions_done:
            assert actions_done.index("closed") == max(
                i for i, a in enumerate(actions_done) if a in ("claimed", "answered", "closed")
            )


def test_status_counts_are_counted_in_sql(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    for n in range(4):
        ask(queue, key=f"k{n}")
    queue.claim(2, "U_OFFICER")
    queue.answer(3, "U_OFFICER", "An answer.")
    queue.close(4, "U_OFFICER")
    assert queue.status_counts(date(2025, 3, 3)) == {
        "open": 1,
        "claimed": 1,
        "answered": 1,
        "closed": 1,
        "overdue": 0,
    }
    assert queue.status_counts(date(2025, 3, 18))["overdue"] == 2  # open and claimed, past due


def test_an_exempt_followups_answer_is_published_only_as_exempt_and_only_if_asked(
    tmp_path: Path,
) -> None:
    db = tmp_path / "bot.db"
    queue = open_store(db)
    ask(queue, key="plain")
    ask(queue, key="secret", exempt=True)
    assert (queue.get(1).exempt, queue.get(2).exempt) == (False, True)
    queue.answer(2, "U_OFFICER", "The depot sale completes in June.")  # default: not published
    assert store.get_document(queue.conn, "followup:2") is None
    assert queue.get(2).published is False
    queue.answer(1, "U_OFFICER", "1,612 children.", searchable=True, author="Jo Bloggs")
    assert store.get_document(queue.conn, "followup:1").meta.classification == "unrestricted"
    other = open_store(db)
    ask(other, key="secret2", exempt=True)
    other.answer(3, "U_OFFICER", "Completion in June.", searchable=True)
    doc = store.get_document(other.conn, "followup:3")
    assert doc.meta.classification == "exempt" and doc.meta.author is None  # no bare user ID


def test_withdrawing_an_answer_removes_it_from_search_once(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    ask(queue)
    queue.answer(1, "Jane Smith", "A wrong answer.")
    assert store.get_document(queue.conn, "followup:1") is not None
    withdrawn = queue.withdraw(1, "Jane Smith", "wrong date")
    assert store.get_document(queue.conn, "followup:1") is None
    assert withdrawn.published is False and withdrawn.status == "answered"
    assert (withdrawn.history[-1].action, withdrawn.history[-1].detail) == (
        "withdrawn",
        "wrong date",
    )
    with pytest.raises(FollowupError, match="not searchable, so there is nothing to withdraw"):
        queue.withdraw(1, "Jane Smith")


def test_a_repeated_failure_is_recorded_once(tmp_path: Path) -> None:
    queue = open_store(tmp_path / "bot.db")
    ask(queue)
    for _ in range(5):
        queue.record_once(1, "post_failed", "Slack said ratelimited")
    queue.record_once(1, "post_failed", "Slack said internal_error")
    queue.record_once(1, "post_failed", "Slack said ratelimited")
    details = [e.detail for e in queue.get(1).history if e.action == "post_failed"]
    assert details == [
        "Slack said ratelimited",
        "Slack said internal_error",
        "Slack said ratelimited",
    ]
