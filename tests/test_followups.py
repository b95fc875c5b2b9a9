"""The follow-up rules: states, working-day deadlines and England and Wales bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from member_bot.followups import (
    Followup,
    FollowupError,
    OfferedPassage,
    add_working_days,
    check_answer,
    check_claim,
    check_close,
    due_date_for,
    easter_sunday,
    english_bank_holidays,
    is_working_day,
    long_date,
    parse_holidays,
    working_days_between,
)


def make(status: str = "open", **changes) -> Followup:
    fields = dict(
        id=4,
        question="How many children are in care?",
        member_id="U1",
        channel_id="C1",
        thread_ts="1700000000.000100",
        offered=[],
        status=status,
        created_at="2025-03-03T10:00:00+00:00",
        due_date="2025-03-17",
    )
    fields.update(changes)
    return Followup(**fields)


# --- working days ------------------------------------------------------------------------


def test_ten_working_days_skip_two_weekends() -> None:
    assert add_working_days(date(2025, 3, 3), 10) == date(2025, 3, 17)  # Mon -> Mon


def test_friday_plus_one_is_monday_and_saturday_counts_from_monday() -> None:
    assert add_working_days(date(2025, 3, 7), 1) == date(2025, 3, 10)
    assert add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)
    assert add_working_days(date(2025, 3, 8), 2) == date(2025, 3, 11)


def test_zero_days_is_the_start_and_negative_is_refused() -> None:
    assert add_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 8), -1)


def test_holidays_are_skipped() -> None:
    easter_2025 = english_bank_holidays([2025])
    # Thursday before Easter: Good Friday and Easter Monday don't count.
    assert add_working_days(date(2025, 4, 17), 2, easter_2025) == date(2025, 4, 23)
    assert add_working_days(date(2025, 4, 17), 2) == date(2025, 4, 21)


def test_sla_over_christmas_and_new_year() -> None:
    # Raised Mon 22 Dec 2025: 25, 26 Dec and 1 Jan are bank holidays.
    assert due_date_for(date(2025, 12, 22), 10) == date(2026, 1, 8)
    assert due_date_for(date(2025, 12, 22), 10, bank_holidays=False) == date(2026, 1, 5)
    closure = parse_holidays("2025-12-29, 2025-12-30; 2025-12-31")
    assert due_date_for(date(2025, 12, 22), 10, extra_holidays=closure) == date(2026, 1, 13)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_due_date_is_a_working_day_exactly_n_working_days_later(start: date, days: int) -> None:
    holidays = english_bank_holidays(range(start.year, start.year + 2))
    due = add_working_days(start, days, holidays)
    assert is_working_day(due, holidays)
    assert working_days_between(start, due, holidays) == days
    assert due - start >= timedelta(days=days)


# --- bank holidays -----------------------------------------------------------------------


def test_bank_holidays_match_the_published_lists() -> None:
    """Checked against gov.uk/bank-holidays (England and Wales)."""
    assert sorted(english_bank_holidays([2025])) == [
        date(2025, 1, 1),
        date(2025, 4, 18),
        date(2025, 4, 21),
        date(2025, 5, 5),
        date(2025, 5, 26),
        date(2025, 8, 25),
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]
    assert sorted(english_bank_holidays([2026])) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday
    ]


def test_substitute_days_and_proclaimed_one_offs() -> None:
    h2022 = english_bank_holidays([2022])
    assert date(2022, 1, 3) in h2022  # New Year's Day on a Saturday
    assert {date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)} <= h2022
    assert date(2022, 5, 30) not in h2022  # the spring holiday moved for the Jubilee
    assert {date(2022, 12, 26), date(2022, 12, 27)} <= h2022  # Christmas on a Sunday
    h2021 = english_bank_holidays([2021])
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= h2021  # Christmas on a Saturday
    assert date(2020, 5, 8) in english_bank_holidays([2020])  # VE Day
    assert date(2020, 5, 4) not in english_bank_holidays([2020])
    assert date(2023, 5, 8) in english_bank_holidays([2023])  # the Coronation


def test_easter_dates() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2038) == date(2038, 4, 25)  # the latest possible


def test_parse_holidays_names_the_bad_entry() -> None:
    assert parse_holidays("") == frozenset()
    with pytest.raises(ValueError, match="24/12/2025"):
        parse_holidays("2025-12-23, 24/12/2025")


def test_long_date_is_written_the_council_way() -> None:
    assert long_date(date(2025, 3, 3)) == "3 March 2025"


# --- the follow-up itself ----------------------------------------------------------------


def test_overdue_only_after_the_due_date_and_only_while_waiting() -> None:
    assert not make().is_overdue(date(2025, 3, 17))
    assert make().is_overdue(date(2025, 3, 18))
    assert make("claimed").is_overdue(date(2025, 3, 18))
    assert not make("answered").is_overdue(date(2025, 4, 1))
    assert not make("closed").is_overdue(date(2025, 4, 1))


def test_contact_officers_are_unique_in_order() -> None:
    offered = [
        OfferedPassage(1, "q1", "Report, para 3", "Sarah Hammond"),
        OfferedPassage(2, "q2", "Minutes, para 2(g)", None),
        OfferedPassage(3, "q3", "Report, para 4", " Sarah Hammond "),
        OfferedPassage(4, "q4", "Decision", "Jo Bloggs"),
    ]
    assert make(offered=offered).contact_officers() == ["Sarah Hammond", "Jo Bloggs"]


# --- state rules -------------------------------------------------------------------------


def test_claim_rules() -> None:
    assert check_claim(make("open"), "A") is True
    assert check_claim(make("claimed", claimed_by="A"), "B") is True  # a colleague takes over
    assert check_claim(make("claimed", claimed_by="A"), "A") is False  # a double click
    with pytest.raises(FollowupError, match="#4 is already answered"):
        check_claim(make("answered", answered_by="A"), "B")
    with pytest.raises(FollowupError, match="#4 is already closed"):
        check_claim(make("closed", closed_by="A"), "B")


def test_answer_rules() -> None:
    assert check_answer(make("open"), "A", "About 1,600.") is True
    assert check_answer(make("claimed", claimed_by="B"), "A", "About 1,600.") is True
    answered = make("answered", answered_by="A", answer="About 1,600.", answered_at="2025-03-04")
    assert check_answer(answered, "A", " About 1,600. ") is False  # the same answer re-sent
    with pytest.raises(FollowupError, match="already answered by A on 2025-03-04"):
        check_answer(answered, "A", "Something else")
    with pytest.raises(FollowupError, match="already closed .* can't be answered"):
        check_answer(make("closed", closed_by="A"), "A", "About 1,600.")
    with pytest.raises(FollowupError, match="empty"):
        check_answer(make("open"), "A", "   ")


def test_close_rules() -> None:
    for status in ("open", "claimed", "answered"):
        check_close(make(status), "A")
    with pytest.raises(FollowupError, match="#4 is already closed"):
        check_close(make("closed", closed_by="A"), "A")
