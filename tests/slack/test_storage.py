"""The bot's own tables on real SQLite: handled events, the outbox lease."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

from indexer import store
from member_bot.slack import events_seen, leases


def test_an_event_id_is_claimed_once_across_threads_and_connections(tmp_path: Path):
    db = tmp_path / "bot.db"
    events_seen.ensure_tables(store.connect(db))
    wins = []

    def claim():
        conn = store.connect(db)
        wins.append(events_seen.first_time(conn, "Ev1"))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_old_event_ids_are_forgotten(tmp_path: Path):
    conn = store.connect(tmp_path / "bot.db")
    events_seen.ensure_tables(conn)
    events_seen.first_time(conn, "EvOld", now=datetime.now(timezone.utc) - timedelta(days=30))
    events_seen.first_time(conn, "EvNew")
    assert events_seen.forget_older_than(conn) == 1
    assert events_seen.first_time(conn, "EvOld") is True
    assert events_seen.first_time(conn, "EvNew") is False


def test_only_one_process_holds_the_outbox_lease(tmp_path: Path):
    conn = store.connect(tmp_path / "bot.db")
    leases.ensure_tables(conn)
    assert leases.hold(conn, "outbox", "host:1", 60)
    assert leases.hold(conn, "outbox", "host:1", 60)  # renewing
    assert not leases.hold(conn, "outbox", "host:2", 60)
    assert leases.hold(conn, "outbox", "host:1", -1)  # lapses at once
    assert leases.hold(conn, "outbox", "host:2", 60)


def test_an_outbox_without_the_lease_sends_nothing(bot, fake_slack):
    other = leases.hold(bot.bot.conn(), "outbox", "elsewhere:99", 60)
    assert other
    assert bot.bot.outbox.run_once().skipped is True
