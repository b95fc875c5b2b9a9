"""The outbox worker: sends what Slack refused earlier, and reminds officers of overdue ones.

It runs beside the app in a daemon thread: every `interval` seconds (or at once when
poked) it posts follow-ups still unposted, delivers answers still undelivered (such
as those given with `member-bot followups answer`), and sends the day's reminder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from member_bot.followups import Followup
from member_bot.slack import events_seen, followup_flow, leases
from member_bot.slack.services import BotServices

# A follow-up or answer this recent is still being sent by the listener that made it
# (perhaps in another worker process): the outbox leaves it alone unless that failed.
GRACE_SECONDS = 90


@dataclass
class OutboxRound:
    posted: int = 0
    delivered: int = 0
    reminded: int = 0
    left: int = 0
    skipped: bool = False  # another process holds the outbox lease


def _backing_off(followup: Followup, now: datetime) -> bool:
    """Slack refused this answer lately: wait until its retry time (1, 2, 4 … minutes)."""
    if not followup.delivery_retry_at:
        return False
    moment = datetime.fromisoformat(followup.delivery_retry_at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return now < moment


def _settled(followup: Followup, at: str | None, failure: str, now: datetime, grace: float):
    """Whether the outbox should send it: its listener failed, or had ample time."""
    if any(e.action == failure for e in followup.history):
        return True
    if not at:
        return True
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return (now - moment).total_seconds() >= grace


class Outbox:
    def __init__(self, bot: BotServices, interval: float, *, grace: float = GRACE_SECONDS) -> None:
        self.bot = bot
        self.interval = interval
        self.grace = grace
        self.holder = leases.this_process()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0

    def run_once(self) -> OutboxRound:
        """One pass over everything left to send (safe to call from any thread)."""
        done = OutboxRound()
        conn = self.bot.conn()
        if not leases.hold(conn, "outbox", self.holder, max(60.0, 3 * self.interval)):
            done.skipped = True
            return done
        followups = self.bot.followups()
        now = self.bot.clock()
        for followup in followups.unposted():
            if not _settled(followup, followup.created_at, "post_failed", now, self.grace):
                continue
            posted = followup_flow.post_followup(self.bot, followup.id)
            if posted is not None and posted.officer_ts:
                done.posted += 1
            else:
                done.left += 1
        for followup in followups.undelivered_answers():
            if not _settled(followup, followup.answered_at, "delivery_failed", now, self.grace):
                continue
            if _backing_off(followup, now):
                done.left += 1
                continue
            if followup_flow.deliver_answer(self.bot, followup.id):
                done.delivered += 1
            else:
                done.left += 1
        done.reminded = followup_flow.send_reminders(self.bot)
        self.rounds += 1
        return done

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
                if self.rounds % 100 == 1:
                    events_seen.forget_older_than(self.bot.conn())
            except Exception:  # keep the worker alive whatever one round meets
                self.bot.logger.exception("outbox round failed; trying again later")
            self._wake.wait(self.interval)
            self._wake.clear()

    def start(self) -> Outbox:
        self._thread = threading.Thread(target=self._loop, name="member-bot-outbox", daemon=True)
        self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
