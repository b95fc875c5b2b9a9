"""The follow-up queue in SQLite: its tables, migrations and the only SQL for follow-ups.

A follow-up is stored before anything is posted to Slack, so a Slack outage never
loses one: `unposted()` and `undelivered_answers()` tell the running bot what is
still to send. Every change of state writes its history event in the same
transaction, and each write takes SQLite's write lock up front (BEGIN IMMEDIATE),
so several threads, each with its own connection, can work the queue at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone

from indexer import store as index_store
from indexer.migrations import Migration, apply_migrations
from indexer.transactions import execute_script, transaction
from member_bot import officer_answers
from member_bot.followups import (
    ACTIVE_STATUSES,
    DEFAULT_SLA_WORKING_DAYS,
    STATUSES,
    Followup,
    FollowupError,
    FollowupEvent,
    OfferedPassage,
    check_answer,
    check_claim,
    check_close,
    check_withdraw,
    council_date,
    due_date_for,
    holidays_for,
    is_working_day,
    utc_now,
)
from member_bot.quote import quote_pieces


def _m001_followups(conn: sqlite3.Connection) -> None:
    execute_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS followups (
            id INTEGER PRIMARY KEY,
            request_key TEXT NOT NULL UNIQUE,
            question TEXT NOT NULL,
            member_id TEXT NOT NULL,
            channel_id TEXT,
            thread_ts TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'claimed', 'answered', 'closed')),
            created_at TEXT NOT NULL,
            due_date TEXT NOT NULL,
            claimed_by TEXT,
            answered_by TEXT,
            answer TEXT,
            answered_at TEXT,
            delivered_at TEXT,
            closed_by TEXT,
            closed_at TEXT,
            close_reason TEXT,
            officer_channel TEXT,
            officer_ts TEXT,
            last_reminded_on TEXT
        );
        CREATE INDEX IF NOT EXISTS followups_status ON followups(status, due_date);
        CREATE INDEX IF NOT EXISTS followups_member ON followups(member_id);
        CREATE TABLE IF NOT EXISTS followup_offered (
            followup_id INTEGER NOT NULL REFERENCES followups(id),
            seq INTEGER NOT NULL,
            passage_id INTEGER,
            quote TEXT NOT NULL,
            citation TEXT NOT NULL,
            contact TEXT,
            PRIMARY KEY (followup_id, seq)
        );
        CREATE TABLE IF NOT EXISTS followup_events (
            id INTEGER PRIMARY KEY,
            followup_id INTEGER NOT NULL REFERENCES followups(id),
            at TEXT NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX IF NOT EXISTS followup_events_followup ON followup_events(followup_id, id);
        """,
    )


def _m002_exempt_published_retries(conn: sqlite3.Connection) -> None:
    """Exempt follow-ups, whether the answer is searchable, and delivery back-off."""
    for column in (
        "exempt INTEGER NOT NULL DEFAULT 0",
        "published INTEGER NOT NULL DEFAULT 0",
        "delivery_attempts INTEGER NOT NULL DEFAULT 0",
        "delivery_retry_at TEXT",
    ):
        conn.execute(f"ALTER TABLE followups ADD COLUMN {column}")
    # Until now every answer was published as it was given.
    conn.execute("UPDATE followups SET published = 1 WHERE answer IS NOT NULL")


def _m003_delivery_claims(conn: sqlite3.Connection) -> None:
    """Which process is sending an answer to which place right now (see `claim_delivery`)."""
    execute_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS followup_delivery_claims (
            followup_id INTEGER NOT NULL REFERENCES followups(id),
            target TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            PRIMARY KEY (followup_id, target)
        );
        """,
    )


MIGRATIONS: list[Migration] = [
    ("followups_m001_tables", _m001_followups),
    ("followups_m002_exempt_published_retries", _m002_exempt_published_retries),
    ("followups_m003_delivery_claims", _m003_delivery_claims),
]

# `officer_ts` holds "posting:<time>" while one process posts the officers' message: the
# claim that stops a second worker posting it too. Older than this, the poster is taken
# to have died and the outbox may claim it again.
POSTING = "posting:"
CLAIM_STALE_SECONDS = 120


def _apply(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Apply migrations, tolerating other connections applying them at the same moment.

    Two threads opening a new database both see a migration as missing; the second
    then fails on "table already exists" once the first commits, and a retry finds
    it recorded.
    """
    for attempt in range(5):
        try:
            apply_migrations(conn, migrations)
            return
        except (sqlite3.IntegrityError, sqlite3.OperationalError):
            if attempt == 4:
                raise


class FollowupStore:
    """The follow-up queue on one connection (use one store per thread).

    `sla_working_days` sets the due date of new follow-ups; England and Wales bank
    holidays don't count as working days unless `bank_holidays=False`, and
    `extra_holidays` adds the council's own closure days. `clock` returns the
    current time (aware datetime), so tests can fix "now".
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        sla_working_days: int = DEFAULT_SLA_WORKING_DAYS,
        bank_holidays: bool = True,
        extra_holidays: Iterable[date] = (),
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if sla_working_days < 1:
            raise FollowupError("the follow-up SLA must be at least 1 working day")
        self.conn = conn
        self.sla_working_days = sla_working_days
        self.bank_holidays = bank_holidays
        self.extra_holidays = frozenset(extra_holidays)
        self.clock = clock
        # Answers become papers, so the index tables must exist too.
        _apply(conn, index_store.MIGRATIONS)
        _apply(conn, MIGRATIONS)

    # --- time ---------------------------------------------------------------------------

    def _now(self) -> str:
        return self.clock().astimezone(timezone.utc).isoformat(timespec="seconds")

    def today(self) -> date:
        """The council's calendar date now (Europe/London)."""
        return council_date(self.clock())

    def is_working_day(self, day: date) -> bool:
        holidays = holidays_for(day, 0, bank_holidays=self.bank_holidays, extra=self.extra_holidays)
        return is_working_day(day, holidays)

    # --- reads --------------------------------------------------------------------------

    def get(self, followup_id: int) -> Followup:
        """The follow-up with its offered passages and history; FollowupError if there is none."""
        rows = self._rows("SELECT * FROM followups WHERE id = ?", (followup_id,))
        if not rows:
            raise FollowupError(
                f"there is no follow-up #{followup_id} (see `member-bot followups list`)"
            )
        return self._load(rows[0])

    def list(
        self,
        *,
        statuses: Iterable[str] | None = None,
        member_id: str | None = None,
        overdue_on: date | None = None,
    ) -> list[Followup]:
        """Follow-ups oldest first, filtered by status, member, and overdue on a given day."""
        clauses: list[str] = []
        params: list = []
        if statuses is not None:
            wanted = [statuses] if isinstance(statuses, str) else list(statuses)
            unknown = [s for s in wanted if s not in STATUSES]
            if unknown:
                raise FollowupError(
                    f"unknown status {unknown[0]!r}: use one of {', '.join(STATUSES)}"
                )
            if not wanted:
                return []
            clauses.append(f"status IN ({', '.join('?' for _ in wanted)})")
            params.extend(wanted)
        if member_id is not None:
            clauses.append("member_id = ?")
            params.append(member_id)
        if overdue_on is not None:
            clauses.append("status IN ('open', 'claimed') AND due_date < ?")
            params.append(overdue_on.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._select(f"SELECT * FROM followups {where} ORDER BY id", params)

    def status_counts(self, today: date) -> dict[str, int]:
        """How many follow-ups are in each status, and how many are overdue (one query)."""
        row = self.conn.execute(
            "SELECT "
            + ", ".join(f"COALESCE(SUM(status = '{s}'), 0)" for s in STATUSES)
            + ", COALESCE(SUM(status IN ('open', 'claimed') AND due_date < ?), 0) "
            "FROM followups",
            (today.isoformat(),),
        ).fetchone()
        counts = dict(zip((*STATUSES, "overdue"), (int(v) for v in tuple(row)), strict=True))
        return counts

    def by_officer_message(self, channel: str, ts: str) -> Followup | None:
        """The follow-up posted as the officers' message `ts` in `channel`, if any.

        For Slack events that carry only the message (a reaction, a message shortcut).
        """
        found = self._select(
            "SELECT * FROM followups WHERE officer_channel = ? AND officer_ts = ?", (channel, ts)
        )
        return found[0] if found else None

    def unposted(self) -> list[Followup]:
        """Open or claimed follow-ups never posted to the officers' channel: post them now.

        Covers Slack being down when the member pressed **Ask an officer**; closed
        or already answered ones need no officer's attention, so they aren't returned.
        """
        return self._select(
            "SELECT * FROM followups WHERE (officer_ts IS NULL OR officer_ts LIKE 'posting:%') "
            "AND status IN ('open', 'claimed') ORDER BY id"
        )

    def undelivered_answers(self) -> list[Followup]:
        """Answered follow-ups whose answer hasn't reached the member yet (e.g. answered in the
        CLI, or Slack failed): the running bot sends them and calls `mark_delivered`."""
        return self._select(
            "SELECT * FROM followups WHERE answer IS NOT NULL AND delivered_at IS NULL "
            "ORDER BY answered_at, id"
        )

    def due_reminders(self, today: date) -> list[Followup]:
        """Overdue follow-ups not yet reminded `today`; none on weekends and bank holidays."""
        if not self.is_working_day(today):
            return []
        day = today.isoformat()
        return self._select(
            "SELECT * FROM followups WHERE status IN ('open', 'claimed') AND due_date < ? "
            "AND (last_reminded_on IS NULL OR last_reminded_on < ?) ORDER BY due_date, id",
            (day, day),
        )

    # --- writes -------------------------------------------------------------------------

    def create(
        self,
        *,
        question: str,
        member_id: str,
        channel_id: str | None,
        thread_ts: str | None,
        offered: Sequence[OfferedPassage],
        request_key: str,
        exempt: bool = False,
    ) -> tuple[Followup, bool]:
        """Store a new follow-up, or return the one already stored under `request_key`.

        `request_key` names the member's request (e.g. channel + message ts): pressing
        **Ask an officer** twice returns the first follow-up and `created=False`.
        `exempt` marks a question about an exempt matter (see `Followup.exempt`).
        """
        if not question.strip():
            raise FollowupError("the follow-up has no question: type the question to ask")
        if not request_key:
            raise FollowupError("a follow-up needs a request key so a double click makes one")
        now = self._now()
        due = due_date_for(
            self.today(),
            self.sla_working_days,
            bank_holidays=self.bank_holidays,
            extra_holidays=self.extra_holidays,
        )
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT id FROM followups WHERE request_key = ?", (request_key,)
            ).fetchone()
            if row is not None:
                existing_id = row[0]
            else:
                cursor = self.conn.execute(
                    """INSERT INTO followups (request_key, question, member_id, channel_id,
                           thread_ts, status, created_at, due_date, exempt)
                       VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)""",
                    (
                        request_key,
                        question.strip(),
                        member_id,
                        channel_id,
                        thread_ts,
                        now,
                        due.isoformat(),
                        int(exempt),
                    ),
                )
                new_id = cursor.lastrowid
                self.conn.executemany(
                    """INSERT INTO followup_offered (followup_id, seq, passage_id, quote,
                           citation, contact) VALUES (?, ?, ?, ?, ?, ?)""",
                    [
                        (new_id, seq, p.passage_id, p.quote, p.citation, p.contact)
                        for seq, p in enumerate(offered)
                    ],
                )
                detail = f"due {due.isoformat()}" + ("; exempt matter" if exempt else "")
                self._event(new_id, member_id, "created", detail, now)
        if row is not None:
            return self.get(existing_id), False
        return self.get(new_id), True

    def claim(self, followup_id: int, officer_id: str) -> Followup:
        """`officer_id` takes it on; another officer may take over a claimed one."""
        officer_id = _officer(officer_id)
        with transaction(self.conn):
            followup = self.get(followup_id)
            if check_claim(followup, officer_id):
                detail = (
                    f"taken over from {followup.claimed_by}"
                    if followup.status == "claimed"
                    else None
                )
                self.conn.execute(
                    "UPDATE followups SET status = 'claimed', claimed_by = ? WHERE id = ?",
                    (officer_id, followup_id),
                )
                self._event(followup_id, officer_id, "claimed", detail)
        return self.get(followup_id)

    def answer(
        self,
        followup_id: int,
        officer_id: str,
        text: str,
        *,
        author: str | None = None,
        searchable: bool | None = None,
    ) -> Followup:
        """Record the officer's answer and (if `searchable`) publish it as a paper, atomically.

        `author` is how the published answer names the officer (their display name,
        never a Slack user ID). `searchable` defaults to yes for ordinary follow-ups and
        no for exempt ones; an exempt one is only ever published as exempt. The answer
        is left undelivered: whoever sends it to the member calls `mark_delivered`.
        Re-submitting the same answer changes nothing.
        """
        officer_id = _officer(officer_id)
        with transaction(self.conn):
            followup = self.get(followup_id)
            if check_answer(followup, officer_id, text):
                publish = (not followup.exempt) if searchable is None else searchable
                now = self._now()
                self.conn.execute(
                    """UPDATE followups SET status = 'answered', answered_by = ?, answer = ?,
                           answered_at = ?, claimed_by = COALESCE(claimed_by, ?),
                           published = ?
                       WHERE id = ?""",
                    (officer_id, text.strip(), now, officer_id, int(publish), followup_id),
                )
                if not publish:
                    detail = "not searchable"
                elif followup.exempt:
                    detail = "searchable by exempt readers only (EXEMPT)"
                else:
                    detail = "searchable"
                self._event(followup_id, officer_id, "answered", detail, now)
                source = officer_answers.source_for(followup_id)
                if publish:
                    officer_answers.publish(self.conn, self.get(followup_id), author=author)
                else:
                    index_store.remove_documents(self.conn, [source])
        return self.get(followup_id)

    def name_author(self, followup_id: int, author: str | None) -> bool:
        """Re-publish a searchable answer naming its officer (looked up after it was stored,
        so an answer is never held in memory waiting on Slack); True if re-published."""
        if not (author or "").strip():
            return False
        with transaction(self.conn):
            followup = self.get(followup_id)
            if followup.answer is None or not followup.published:
                return False
            officer_answers.publish(self.conn, followup, author=author)
        return True

    def withdraw(self, followup_id: int, officer_id: str, reason: str | None = None) -> Followup:
        """Take a (wrong) answer out of search, so it is no longer quoted to anyone."""
        officer_id = _officer(officer_id)
        with transaction(self.conn):
            followup = self.get(followup_id)
            check_withdraw(followup)
            index_store.remove_documents(self.conn, [officer_answers.source_for(followup_id)])
            self.conn.execute("UPDATE followups SET published = 0 WHERE id = ?", (followup_id,))
            self._event(followup_id, officer_id, "withdrawn", (reason or "").strip() or None)
        return self.get(followup_id)

    def close(self, followup_id: int, officer_id: str, reason: str | None = None) -> Followup:
        """Close it from any state; an answer already given stays searchable (see `withdraw`)."""
        officer_id = _officer(officer_id)
        reason = (reason or "").strip() or None
        with transaction(self.conn):
            followup = self.get(followup_id)
            check_close(followup, officer_id)
            now = self._now()
            self.conn.execute(
                """UPDATE followups SET status = 'closed', closed_by = ?, closed_at = ?,
                       close_reason = ? WHERE id = ?""",
                (officer_id, now, reason, followup_id),
            )
            self._event(followup_id, officer_id, "closed", reason, now)
        return self.get(followup_id)

    def _stale_claim_time(self) -> str:
        moment = self.clock() - timedelta(seconds=CLAIM_STALE_SECONDS)
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")

    def claim_post(self, followup_id: int) -> str | None:
        """Claim the posting of the officers' message; the claim, or None if it is posted,
        no longer needs posting, or another process is posting it right now.

        A conditional UPDATE in SQLite, so two worker processes handling a double
        click can't both post; a claim older than CLAIM_STALE_SECONDS is taken over.
        """
        claim = POSTING + self._now()
        with transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE followups SET officer_ts = ? WHERE id = ? "
                "AND status IN ('open', 'claimed') "
                "AND (officer_ts IS NULL OR (officer_ts LIKE 'posting:%' AND officer_ts < ?))",
                (claim, followup_id, POSTING + self._stale_claim_time()),
            )
        return claim if cursor.rowcount == 1 else None

    def release_post(self, followup_id: int, claim: str) -> None:
        """Posting failed: give the claim back so the outbox can try again."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE followups SET officer_ts = NULL WHERE id = ? AND officer_ts = ?",
                (followup_id, claim),
            )

    def claim_delivery(self, followup_id: int, target: str) -> bool:
        """Claim sending the answer to `target` (a place label); False when it was already
        sent there or another process is sending it now (a claim is stale after
        CLAIM_STALE_SECONDS). The sender records `sent` and calls `release_delivery`."""
        with transaction(self.conn):
            sent = self.conn.execute(
                "SELECT 1 FROM followup_events WHERE followup_id = ? AND action = 'sent' "
                "AND detail = ?",
                (followup_id, target),
            ).fetchone()
            if sent is not None:
                return False
            self.conn.execute(
                "DELETE FROM followup_delivery_claims WHERE followup_id = ? AND target = ? "
                "AND claimed_at < ?",
                (followup_id, target, self._stale_claim_time()),
            )
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO followup_delivery_claims (followup_id, target, claimed_at) "
                "VALUES (?, ?, ?)",
                (followup_id, target, self._now()),
            )
        return cursor.rowcount == 1

    def release_delivery(self, followup_id: int, target: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM followup_delivery_claims WHERE followup_id = ? AND target = ?",
                (followup_id, target),
            )

    def mark_posted(self, followup_id: int, channel: str, ts: str) -> None:
        """Remember the officers' message, so it can be updated as the follow-up moves on."""
        with transaction(self.conn):
            self.get(followup_id)
            self.conn.execute(
                "UPDATE followups SET officer_channel = ?, officer_ts = ? WHERE id = ?",
                (channel, ts, followup_id),
            )
            self._event(followup_id, None, "posted", f"{channel} {ts}")

    def mark_delivered(self, followup_id: int, *, failed: str | None = None) -> None:
        """Delivery is settled, once: the answer reached the member, or (`failed`, saying
        why) no place would ever take it. Either way the outbox stops trying."""
        with transaction(self.conn):
            followup = self.get(followup_id)
            if followup.answer is None:
                raise FollowupError(
                    f"follow-up #{followup_id} has no answer yet, so nothing was delivered"
                )
            if followup.delivered_at is not None:
                return
            now = self._now()
            self.conn.execute(
                "UPDATE followups SET delivered_at = ?, delivery_retry_at = NULL WHERE id = ?",
                (now, followup_id),
            )
            if failed:
                self._event(followup_id, None, "undeliverable", failed, now)
            else:
                self._event(followup_id, None, "delivered", None, now)

    def delivery_failed(self, followup_id: int, detail: str, retry_at: datetime) -> Followup:
        """Slack refused for now: count it, don't retry before `retry_at`, and write the
        error to the history only when it differs from the last one (no endless rows)."""
        with transaction(self.conn):
            self.get(followup_id)
            self.conn.execute(
                "UPDATE followups SET delivery_attempts = delivery_attempts + 1, "
                "delivery_retry_at = ? WHERE id = ?",
                (retry_at.astimezone(timezone.utc).isoformat(timespec="seconds"), followup_id),
            )
            self.record_once(followup_id, "delivery_failed", detail)
        return self.get(followup_id)

    def mark_reminded(self, followup_id: int, today: date) -> None:
        """Officers were reminded of it `today`; `due_reminders` skips it until tomorrow."""
        with transaction(self.conn):
            self.get(followup_id)
            self.conn.execute(
                "UPDATE followups SET last_reminded_on = ? WHERE id = ?",
                (today.isoformat(), followup_id),
            )
            self._event(followup_id, None, "reminded", f"overdue on {today.isoformat()}")

    def record(
        self, followup_id: int, actor: str | None, action: str, detail: str | None = None
    ) -> None:
        """Append an event to its history (e.g. post_failed with Slack's error)."""
        if not action.strip():
            raise FollowupError("a history event needs an action")
        with transaction(self.conn):
            self.get(followup_id)
            self._event(followup_id, actor, action.strip(), detail)

    def record_once(
        self, followup_id: int, action: str, detail: str | None, actor: str | None = None
    ) -> bool:
        """Record an event unless the last `action` event says the same; True if written.

        A Slack error repeated every outbox round would otherwise grow the history forever.
        """
        with transaction(self.conn):
            last = self.conn.execute(
                "SELECT detail FROM followup_events WHERE followup_id = ? AND action = ? "
                "ORDER BY id DESC LIMIT 1",
                (followup_id, action),
            ).fetchone()
            if last is not None and last[0] == detail:
                return False
            self._event(followup_id, actor, action, detail)
        return True

    # --- internals ----------------------------------------------------------------------

    def _event(
        self,
        followup_id: int,
        actor: str | None,
        action: str,
        detail: str | None,
        at: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO followup_events (followup_id, at, actor, action, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (followup_id, at or self._now(), actor, action, detail),
        )

    def _rows(self, sql: str, params: Sequence = ()) -> list[dict]:
        """Rows as dicts, whatever the connection's row_factory."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, tuple(row), strict=True)) for row in cursor.fetchall()]

    def _select(self, sql: str, params: Sequence = ()) -> list[Followup]:
        return [self._load(row) for row in self._rows(sql, params)]

    def _load(self, row: dict) -> Followup:
        offered = [
            OfferedPassage(passage_id=r[0], quote=r[1], citation=r[2], contact=r[3])
            for r in self.conn.execute(
                "SELECT passage_id, quote, citation, contact FROM followup_offered "
                "WHERE followup_id = ? ORDER BY seq",
                (row["id"],),
            )
        ]
        history = [
            FollowupEvent(at=r[0], actor=r[1], action=r[2], detail=r[3])
            for r in self.conn.execute(
                "SELECT at, actor, action, detail FROM followup_events "
                "WHERE followup_id = ? ORDER BY id",
                (row["id"],),
            )
        ]
        return Followup(
            id=row["id"],
            question=row["question"],
            member_id=row["member_id"],
            channel_id=row["channel_id"],
            thread_ts=row["thread_ts"],
            offered=offered,
            status=row["status"],
            created_at=row["created_at"],
            due_date=row["due_date"],
            claimed_by=row["claimed_by"],
            answered_by=row["answered_by"],
            answer=row["answer"],
            answered_at=row["answered_at"],
            closed_by=row["closed_by"],
            officer_channel=row["officer_channel"],
            # a posting claim is not a message yet
            officer_ts=None if (row["officer_ts"] or "").startswith(POSTING) else row["officer_ts"],
            history=history,
            closed_at=row["closed_at"],
            close_reason=row["close_reason"],
            delivered_at=row["delivered_at"],
            last_reminded_on=row["last_reminded_on"],
            exempt=bool(row.get("exempt")),
            published=bool(row.get("published")),
            delivery_attempts=int(row.get("delivery_attempts") or 0),
            delivery_retry_at=row.get("delivery_retry_at"),
        )


def offered_still_shareable(
    conn: sqlite3.Connection, offered: Sequence[OfferedPassage]
) -> list[OfferedPassage]:
    """The offered quotes whose paper is still indexed, still says them, and is not exempt now.

    Quotes are saved with the follow-up, but a paper can be re-marked exempt (or removed)
    after the member saw it; re-checked before each post or redraw to the officers'
    channel, so a re-classified paper never leaks there. A quote with no passage id, or
    whose passage id now holds other text (SQLite reuses ids), counts as gone.
    """
    kept: list[OfferedPassage] = []
    for passage in offered:
        if passage.passage_id is None:
            continue
        row = conn.execute(
            "SELECT p.text, d.classification FROM passages p "
            "JOIN documents d ON d.id = p.document_id WHERE p.id = ?",
            (passage.passage_id,),
        ).fetchone()
        if row is None or row[1] == "exempt":
            continue
        text = " ".join(str(row[0]).split())
        if all(" ".join(piece.split()) in text for piece in quote_pieces(passage.quote)):
            kept.append(passage)
    return kept


def _officer(officer_id: str) -> str:
    officer_id = (officer_id or "").strip()
    if not officer_id:
        raise FollowupError("say which officer you are (e.g. --officer 'Jane Smith')")
    return officer_id


__all__ = ["ACTIVE_STATUSES", "MIGRATIONS", "FollowupStore", "offered_still_shareable"]
