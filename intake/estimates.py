"""When a Good Faith Estimate is due (No Surprises Act, 45 CFR 149.610).

A provider owes an uninsured or self-pay patient a written estimate:

- no later than 3 business days after the patient asks for one;
- when a visit is scheduled at least 3 business days ahead, no later than 1 business day
  after the scheduling;
- when it is scheduled at least 10 business days ahead, no later than 3 business days after
  the scheduling.

Where more than one applies, the earliest date wins. A visit booked fewer than 3 business
days ahead owes no estimate for the scheduling (a request still does). Business days are
Monday to Friday, except US federal holidays as the government observes them (July 4 on a
Saturday is observed on Friday the 3rd).
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays

REQUEST_DAYS = 3  # after a request
SHORT_NOTICE = 3  # scheduled at least this many business days ahead: due 1 business day after
SHORT_NOTICE_DAYS = 1
LONG_NOTICE = 10  # scheduled at least this many business days ahead: due 3 business days after
LONG_NOTICE_DAYS = 3


@cache
def _federal_holidays() -> holidays.HolidayBase:
    # Filled in year by year as dates are looked up.
    return holidays.country_holidays("US", categories=("public",))


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays()


def add_business_days(start: datetime.date, count: int) -> datetime.date:
    """The `count`-th business day after `start` (`start` itself never counts)."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after `start`, up to and including `end`: how far ahead `end` is."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count


def due_date(
    *,
    requested_on: datetime.date | None = None,
    scheduled_on: datetime.date | None = None,
    appointment_on: datetime.date | None = None,
) -> datetime.date | None:
    """The last day the estimate may be given, or None while nothing makes one due."""
    candidates = []
    if requested_on is not None:
        candidates.append(add_business_days(requested_on, REQUEST_DAYS))
    if scheduled_on is not None and appointment_on is not None:
        ahead = business_days_between(scheduled_on, appointment_on)
        if ahead >= LONG_NOTICE:
            candidates.append(add_business_days(scheduled_on, LONG_NOTICE_DAYS))
        elif ahead >= SHORT_NOTICE:
            candidates.append(add_business_days(scheduled_on, SHORT_NOTICE_DAYS))
    return min(candidates, default=None)
