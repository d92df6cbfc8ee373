"""When a Good Faith Estimate is due: business days, federal holidays and both scheduling windows.

Every date here is fixed, so the answers can be checked against a calendar.
"""

from datetime import date

import pytest

from intake.estimates import add_business_days, business_days_between, due_date, is_business_day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), True),  # the Wednesday before Thanksgiving
        (date(2026, 11, 26), False),  # Thanksgiving Day
        (date(2026, 11, 27), True),  # the Friday after is not a federal holiday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 7, 3), False),  # July 4, 2026 is a Saturday: observed on Friday the 3rd
        (date(2027, 7, 5), False),  # July 4, 2027 is a Sunday: observed on Monday the 5th
        (date(2027, 12, 31), False),  # New Year's Day 2028 is a Saturday: observed on Friday, Dec 31
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 1, 19), False),  # Martin Luther King Jr. Day
        (date(2026, 6, 19), False),  # Juneteenth
        (date(2026, 11, 3), True),  # Election Day is not a federal holiday
        (date(2026, 11, 11), False),  # Veterans Day, on a Wednesday
        (date(2026, 12, 24), True),  # Christmas Eve is a working day
        (date(2026, 12, 25), False),
    ],
)
def test_business_days_skip_weekends_and_federal_holidays_as_observed(day, expected):
    assert is_business_day(day) is expected


def test_adding_business_days_never_counts_the_start_and_skips_weekends():
    assert add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday + 1: Monday
    assert add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from a Saturday: Monday
    assert add_business_days(date(2026, 11, 30), 0) == date(2026, 11, 30)


def test_counting_business_days_ahead():
    assert business_days_between(date(2026, 11, 2), date(2026, 11, 2)) == 0
    assert business_days_between(date(2026, 11, 2), date(2026, 11, 5)) == 3
    # Veterans Day (Wednesday the 11th) and two weekends fall in between
    assert business_days_between(date(2026, 11, 2), date(2026, 11, 16)) == 9
    assert business_days_between(date(2026, 11, 2), date(2026, 11, 17)) == 10


@pytest.mark.parametrize(
    ("requested_on", "due"),
    [
        (date(2026, 11, 16), date(2026, 11, 19)),  # Monday: Thursday of the same week
        (date(2026, 11, 19), date(2026, 11, 24)),  # Thursday: over the weekend to Tuesday
        (date(2026, 11, 23), date(2026, 11, 27)),  # Monday of Thanksgiving week: Friday (Thursday skipped)
        (date(2026, 11, 25), date(2026, 12, 1)),  # Wednesday before Thanksgiving: the next Tuesday
        (date(2026, 11, 28), date(2026, 12, 2)),  # asked on a Saturday: Monday counts as the first day
        (date(2026, 7, 1), date(2026, 7, 7)),  # July 4 on a Saturday, observed Friday the 3rd
        (date(2027, 7, 1), date(2027, 7, 7)),  # July 4 on a Sunday, observed Monday the 5th
        (date(2026, 12, 30), date(2027, 1, 5)),  # across New Year's Day
        (date(2027, 12, 29), date(2028, 1, 4)),  # New Year's Day 2028 observed on Friday, Dec 31, 2027
        (date(2026, 12, 23), date(2026, 12, 29)),  # across Christmas
    ],
)
def test_a_request_makes_the_estimate_due_3_business_days_later(requested_on, due):
    assert due_date(requested_on=requested_on) == due


@pytest.mark.parametrize(
    ("scheduled_on", "appointment_on", "due"),
    [
        # fewer than 3 business days ahead: the scheduling alone makes nothing due
        (date(2026, 11, 2), date(2026, 11, 2), None),  # the same day
        (date(2026, 11, 2), date(2026, 11, 4), None),  # 2 business days ahead
        (date(2026, 11, 20), date(2026, 11, 24), None),  # Friday to Tuesday: 2 business days
        (date(2026, 11, 25), date(2026, 11, 30), None),  # Thanksgiving makes Wednesday to Monday only 2
        # 3 to 9 business days ahead: 1 business day after scheduling
        (date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 3)),  # exactly 3
        (date(2026, 11, 2), date(2026, 11, 16), date(2026, 11, 3)),  # 9, with Veterans Day in between
        (date(2026, 11, 25), date(2026, 12, 1), date(2026, 11, 27)),  # booked before Thanksgiving: due Friday
        (date(2026, 7, 2), date(2026, 7, 9), date(2026, 7, 6)),  # booked Thursday, Friday the 3rd observed
        (date(2026, 12, 31), date(2027, 1, 7), date(2027, 1, 4)),  # booked New Year's Eve
        # 10 or more business days ahead: 3 business days after scheduling
        (date(2026, 11, 2), date(2026, 11, 17), date(2026, 11, 5)),  # exactly 10
        (date(2026, 11, 25), date(2026, 12, 14), date(2026, 12, 1)),  # over Thanksgiving
        (date(2027, 12, 29), date(2028, 2, 1), date(2028, 1, 4)),  # over the observed New Year's Day
        (date(2026, 11, 6), date(2027, 3, 1), date(2026, 11, 12)),  # Friday, months ahead, Veterans Day skipped
    ],
)
def test_scheduling_makes_the_estimate_due_by_how_far_ahead_the_visit_is(scheduled_on, appointment_on, due):
    assert due_date(scheduled_on=scheduled_on, appointment_on=appointment_on) == due


def test_the_earliest_due_date_that_applies_wins():
    # booked 10+ days ahead (due Nov 5), but asked the Friday before (due Nov 4)
    assert due_date(
        requested_on=date(2026, 10, 30), scheduled_on=date(2026, 11, 2), appointment_on=date(2026, 12, 1)
    ) == date(2026, 11, 4)
    # asked on a Friday (due Wednesday the 18th), then booked on Monday 3 days ahead (due Tuesday the 17th)
    assert due_date(
        requested_on=date(2026, 11, 13), scheduled_on=date(2026, 11, 16), appointment_on=date(2026, 11, 19)
    ) == date(2026, 11, 17)
    # booked at short notice: only the request counts
    assert due_date(
        requested_on=date(2026, 11, 25), scheduled_on=date(2026, 11, 25), appointment_on=date(2026, 11, 30)
    ) == date(2026, 12, 1)


def test_nothing_is_due_without_a_request_or_a_complete_booking():
    assert due_date() is None
    assert due_date(scheduled_on=date(2026, 11, 2)) is None
    assert due_date(appointment_on=date(2026, 11, 20)) is None
