"""The follow-up queue's rules: what a follow-up is, which moves are allowed, and its deadline.

When the papers don't answer a member, the question goes to officers as a follow-up.
This module is pure (no SQLite, no Slack): `followups_store` persists what these
rules decide, and the Slack app and the CLI both go through the store, so a
follow-up obeys the same rules whichever way an officer touches it.

States: open -> claimed -> answered -> closed. An officer may answer without
claiming first, and may close from any state (a duplicate, a question withdrawn).
Another officer may take over a claimed follow-up (people go on leave; a queue
that a colleague can't pick up goes overdue); claiming one you already hold is a
no-op, so a double click on **Claim** records one event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STATUSES = ("open", "claimed", "answered", "closed")
ACTIVE_STATUSES = ("open", "claimed")  # waiting for an officer: these can go overdue
DEFAULT_SLA_WORKING_DAYS = 10
# Longest answer an officer may give: Slack shows it over several sections of one
# message (3,000 characters each, after escaping), and it is quoted to later members.
MAX_ANSWER_CHARS = 12_000

# A Slack user or enterprise user ID ("U0123ABCD", "W0123ABCD"): a person's handle, not a
# name, so never shown to members as an author or contact officer.
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9_]{5,}$")


def looks_like_user_id(text: str | None) -> bool:
    """True for a bare Slack user ID such as "U02ABCDEF" (pure)."""
    return bool(text and _SLACK_USER_ID.match(text.strip()))


class FollowupError(Exception):
    """A request the queue refuses, worded so the person can act on it.

    e.g. "follow-up #4 is already closed (by U02, 2025-03-04)".
    """


@dataclass
class FollowupEvent:
    """One line of a follow-up's history, in the order it happened.

    `action` is one of created, posted, post_failed, claimed, answered, closed,
    reminded, delivered, or any other word a caller records.
    """

    at: str
    actor: str | None
    action: str
    detail: str | None = None


@dataclass
class OfferedPassage:
    """A passage the bot showed the member before they asked an officer.

    Kept so the officer sees what the member already had, and who the paper
    names as contact officer.
    """

    passage_id: int | None
    quote: str
    citation: str
    contact: str | None = None


@dataclass
class Followup:
    """A member's question waiting for (or given) an officer's answer."""

    id: int
    question: str
    member_id: str
    channel_id: str | None
    thread_ts: str | None
    offered: list[OfferedPassage]
    status: str
    created_at: str  # ISO timestamp, UTC
    due_date: str  # ISO date: answer by the end of this working day
    claimed_by: str | None = None
    answered_by: str | None = None
    answer: str | None = None
    answered_at: str | None = None
    closed_by: str | None = None
    officer_channel: str | None = None  # where it was posted for officers
    officer_ts: str | None = None
    history: list[FollowupEvent] = field(default_factory=list)
    closed_at: str | None = None
    close_reason: str | None = None
    delivered_at: str | None = None  # when delivery was settled (reached, or could not be)
    last_reminded_on: str | None = None  # ISO date of the last overdue reminder
    # About an exempt matter (asked by an exempt reader in a DM, or about exempt passages):
    # its answer is only ever published as exempt, and only delivered by DM.
    exempt: bool = False
    published: bool = False  # the answer is in the index as `followup:<id>` right now
    delivery_attempts: int = 0  # failed attempts that Slack may yet accept
    delivery_retry_at: str | None = None  # not before this (ISO timestamp, UTC)

    def is_overdue(self, today: date) -> bool:
        """Still waiting for an officer after its due date (answered or closed ones never are)."""
        return self.status in ACTIVE_STATUSES and today > date.fromisoformat(self.due_date)

    def contact_officers(self) -> list[str]:
        """The contact officers named in the papers the bot offered, each once, in order."""
        seen: list[str] = []
        for passage in self.offered:
            contact = (passage.contact or "").strip()
            if contact and contact not in seen and not looks_like_user_id(contact):
                seen.append(contact)
        return seen

    def as_json(self) -> dict:
        """The `followups list/show --json` shape (plain types only)."""
        return {
            "id": self.id,
            "question": self.question,
            "member_id": self.member_id,
            "channel_id": self.channel_id,
            "thread_ts": self.thread_ts,
            "status": self.status,
            "created_at": self.created_at,
            "due_date": self.due_date,
            "claimed_by": self.claimed_by,
            "answered_by": self.answered_by,
            "answer": self.answer,
            "answered_at": self.answered_at,
            "closed_by": self.closed_by,
            "closed_at": self.closed_at,
            "close_reason": self.close_reason,
            "delivered_at": self.delivered_at,
            "officer_channel": self.officer_channel,
            "officer_ts": self.officer_ts,
            "exempt": self.exempt,
            "published": self.published,
            "contact_officers": self.contact_officers(),
            "offered": [
                {
                    "passage_id": p.passage_id,
                    "quote": p.quote,
                    "citation": p.citation,
                    "contact": p.contact,
                }
                for p in self.offered
            ],
            "history": [
                {"at": e.at, "actor": e.actor, "action": e.action, "detail": e.detail}
                for e in self.history
            ],
        }


# --- the state machine -----------------------------------------------------------------


def _who(followup: Followup) -> str:
    return f"follow-up #{followup.id}"


def check_claim(followup: Followup, officer: str) -> bool:
    """May `officer` claim it? True to record a claim, False when they already hold it."""
    if followup.status == "claimed" and followup.claimed_by == officer:
        return False
    if followup.status in ACTIVE_STATUSES:
        return True
    if followup.status == "answered":
        raise FollowupError(
            f"{_who(followup)} is already answered (by {followup.answered_by}); "
            "there is nothing left to claim"
        )
    raise FollowupError(f"{_who(followup)} is already closed (by {followup.closed_by})")


def check_answer(followup: Followup, officer: str, text: str) -> bool:
    """May `officer` answer it with `text`? False when the same answer is re-submitted.

    A re-sent Slack modal or a repeated CLI command must not fail nor answer twice.
    """
    if not text.strip():
        raise FollowupError(f"the answer to {_who(followup)} is empty: write the answer first")
    if len(text.strip()) > MAX_ANSWER_CHARS:
        raise FollowupError(
            f"the answer to {_who(followup)} is {len(text.strip()):,} characters; at most "
            f"{MAX_ANSWER_CHARS:,} fit in a Slack message: shorten it, or point to a paper"
        )
    if followup.status in ACTIVE_STATUSES:
        return True
    if (
        followup.status == "answered"
        and followup.answered_by == officer
        and (followup.answer or "").strip() == text.strip()
    ):
        return False
    if followup.status == "answered":
        raise FollowupError(
            f"{_who(followup)} was already answered by {followup.answered_by} "
            f"on {(followup.answered_at or '')[:10]}; close it or raise a new follow-up"
        )
    raise FollowupError(
        f"{_who(followup)} is already closed (by {followup.closed_by}), so it can't be "
        "answered; ask the member to raise a new follow-up"
    )


def check_withdraw(followup: Followup) -> None:
    """Only an answer that is searchable now can be withdrawn from search."""
    if followup.answer is None:
        raise FollowupError(f"{_who(followup)} has no answer, so there is nothing to withdraw")
    if not followup.published:
        raise FollowupError(
            f"{_who(followup)}'s answer is not searchable, so there is nothing to withdraw"
        )


def retry_delay_seconds(attempts: int, *, base: float = 60.0, cap: float = 3600.0) -> float:
    """Wait before the next try after `attempts` failures: 1, 2, 4 … minutes, at most an hour."""
    return min(cap, base * 2 ** max(0, attempts - 1))


def check_close(followup: Followup, officer: str) -> None:
    """Any non-closed follow-up may be closed, by any officer."""
    if followup.status == "closed":
        raise FollowupError(
            f"{_who(followup)} is already closed (by {followup.closed_by}, "
            f"{(followup.closed_at or '')[:10]})"
        )


# --- working days ----------------------------------------------------------------------


def is_working_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The date `days` working days after `start` (weekends and `holidays` don't count).

    A follow-up raised on Friday with a 1-day SLA is due on Monday; one raised on
    Saturday counts from Monday, so it is due on Tuesday. `days=0` is `start` itself.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: frozenset[date] = frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, as in Meeus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own names)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


# Proclaimed one-offs in England and Wales: moved holidays and extra ones.
_MOVED = {
    (1995, "early_may"): date(1995, 5, 8),
    (2020, "early_may"): date(2020, 5, 8),
    (2002, "spring"): date(2002, 6, 4),
    (2012, "spring"): date(2012, 6, 4),
    (2022, "spring"): date(2022, 6, 2),
}
_EXTRA = frozenset(
    {
        date(1999, 12, 31),
        date(2002, 6, 3),
        date(2011, 4, 29),
        date(2012, 6, 5),
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2023, 5, 8),
    }
)


def english_bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """England and Wales bank holidays for `years`, substitute days included.

    Computed (not downloaded) so the bot works offline; future one-off holidays are
    proclaimed at short notice, so a council adds them with `extra_holidays`.
    """
    found: set[date] = set()
    for year in years:
        new_year = date(year, 1, 1)
        if new_year.weekday() >= 5:
            new_year += timedelta(days=7 - new_year.weekday())
        easter = easter_sunday(year)
        found.update(
            {
                new_year,
                easter - timedelta(days=2),
                easter + timedelta(days=1),
                _MOVED.get((year, "early_may"), _first_monday(year, 5)),
                _MOVED.get((year, "spring"), _last_monday(year, 5)),
                _last_monday(year, 8),
            }
        )
        christmas, boxing = date(year, 12, 25), date(year, 12, 26)
        if christmas.weekday() == 5:  # Saturday: Mon 27 and Tue 28
            found.update({date(year, 12, 27), date(year, 12, 28)})
        elif christmas.weekday() == 6:  # Sunday: Boxing Day Mon 26, Christmas Tue 27
            found.update({boxing, date(year, 12, 27)})
        elif christmas.weekday() == 4:  # Friday: Boxing Day moves to Mon 28
            found.update({christmas, date(year, 12, 28)})
        else:
            found.update({christmas, boxing})
        found.update(d for d in _EXTRA if d.year == year)
    return frozenset(found)


def parse_holidays(text: str | None) -> frozenset[date]:
    """Extra closure days from configuration, e.g. "2025-12-24, 2025-12-31".

    Raises ValueError naming the bad entry, so a mistyped setting is caught at start-up.
    """
    days: set[date] = set()
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            days.add(date.fromisoformat(part))
        except ValueError as error:
            raise ValueError(f"not a date (use YYYY-MM-DD): {part!r}") from error
    return frozenset(days)


def holidays_for(
    start: date,
    sla_working_days: int,
    *,
    bank_holidays: bool = True,
    extra: frozenset[date] = frozenset(),
) -> frozenset[date]:
    """Every holiday that can fall inside an SLA counted from `start`."""
    if not bank_holidays:
        return extra
    # 10 working days never span more than a few weeks; a year per 200 working days is ample.
    years = range(start.year, start.year + 2 + sla_working_days // 200)
    return english_bank_holidays(years) | extra


def due_date_for(
    start: date,
    sla_working_days: int = DEFAULT_SLA_WORKING_DAYS,
    *,
    bank_holidays: bool = True,
    extra_holidays: frozenset[date] = frozenset(),
) -> date:
    """The date a follow-up raised on `start` must be answered by."""
    holidays = holidays_for(
        start, sla_working_days, bank_holidays=bank_holidays, extra=extra_holidays
    )
    return add_working_days(start, sla_working_days, holidays)


try:  # deadlines run on the council's calendar day, not UTC's
    COUNCIL_TZ = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # no tz database here: UTC is within an hour of it
    COUNCIL_TZ = timezone.utc


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def council_date(moment: datetime) -> date:
    """The date in England at `moment` (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(COUNCIL_TZ).date()


def long_date(day: date) -> str:
    """'3 March 2025', the way a council writes a date."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
