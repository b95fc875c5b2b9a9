"""The outbox worker: sends what Slack refused earlier, and reminds officers of overdue ones.

It runs beside the app in a daemon thread: every `interval` seconds (or at once when
poked) it posts follow-ups still unposted, delivers answers still undelivered (such
as those given with `member-bot followups answer`), and sends the day's reminder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from member_bot.slack import events_seen, followup_flow
from member_bot.slack.services import BotServices


@dataclass
class OutboxRound:
    posted: int = 0
    delivered: int = 0
    reminded: int = 0
    left: int = 0


class Outbox:
    def __init__(self, bot: BotServices, interval: float) -> None:
        self.bot = bot
        self.interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0

    def run_once(self) -> OutboxRound:
        """One pass over everything left to send (safe to call from any thread)."""
        done = OutboxRound()
        followups = self.bot.followups()
        for followup in followups.unposted():
            posted = followup_flow.post_followup(self.bot, followup.id)
            if posted is not None and posted.officer_ts:
                done.posted += 1
            else:
                done.left += 1
        for followup in followups.undelivered_answers():
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
