"""Opening hours and "open now", worked out in the clinics' own time zone.

Every clinic is on Eastern time. What counts is the wall clock in America/New_York, whatever
the server's time zone or Django's TIME_ZONE: a clinic that opens at 7:00 AM opens at 7:00 AM
local time on both sides of a daylight-saving change. Instants are compared in UTC, so the
repeated hour in November cannot confuse the comparison.

Nothing here is cached: the status is computed on each request from rows already fetched,
so a page can never show "Open now" after closing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.dateformat import time_format

if TYPE_CHECKING:
    from collections.abc import Iterable

CLINIC_TZ = ZoneInfo("America/New_York")
# How far ahead "opens Monday at 7:00 AM" looks before giving up (a long closure).
LOOKAHEAD_DAYS = 31


class _Weekly(Protocol):
    weekday: int
    opens: time
    closes: time


class _Special(Protocol):
    starts_on: date
    ends_on: date
    opens: time | None
    closes: time | None
    reason: str


def clinic_now() -> datetime:
    return timezone.now().astimezone(CLINIC_TZ)


def clinic_today() -> date:
    return clinic_now().date()


def format_time(value: time) -> str:
    """7:00 AM, 12:30 PM: how the clinics write times."""
    return time_format(value, "g:i A")


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time

    def __str__(self) -> str:
        return f"{format_time(self.opens)} to {format_time(self.closes)}"


@dataclass(frozen=True)
class DayHours:
    """The hours of one date, after special hours are applied."""

    day: date
    intervals: tuple[Interval, ...]
    special: _Special | None = None

    @property
    def is_closed(self) -> bool:
        return not self.intervals

    @property
    def reason(self) -> str:
        return self.special.reason if self.special else ""

    def __str__(self) -> str:
        if self.is_closed:
            return f"Closed ({self.reason})" if self.reason else "Closed"
        return ", ".join(str(i) for i in self.intervals)


def _merge(intervals: Iterable[tuple[time, time]]) -> tuple[Interval, ...]:
    """Sorted intervals, with touching ones (9–12, 12–5) joined: the doors stay open."""
    merged: list[list[time]] = []
    for opens, closes in sorted(intervals):
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return tuple(Interval(o, c) for o, c in merged)


def special_for(day: date, special: Iterable[_Special]) -> _Special | None:
    for item in special:
        if item.starts_on <= day <= item.ends_on:
            return item
    return None


def day_hours(day: date, weekly: Iterable[_Weekly], special: Iterable[_Special]) -> DayHours:
    override = special_for(day, special)
    if override is not None:
        intervals = () if override.opens is None else _merge([(override.opens, override.closes)])
        return DayHours(day, intervals, override)
    return DayHours(day, _merge((w.opens, w.closes) for w in weekly if w.weekday == day.weekday()))


def coming_days(count: int, weekly, special) -> list[DayHours]:
    """Today and the days after it, `count` in all."""
    today = clinic_today()
    return [day_hours(today + timedelta(days=n), weekly, special) for n in range(count)]


def _instant(day: date, at: time) -> datetime:
    """A wall-clock time at the clinic as an instant in UTC."""
    return datetime.combine(day, at, tzinfo=CLINIC_TZ).astimezone(UTC)


@dataclass(frozen=True)
class OpenStatus:
    """Whether a clinic is open at a moment, and when that next changes."""

    moment: datetime
    is_open: bool
    changes_at: datetime | None  # closing time if open, next opening if closed; clinic time
    today: DayHours

    @property
    def headline(self) -> str:
        return "Open now" if self.is_open else "Closed now"

    @property
    def detail(self) -> str:
        """E.g. "closes at 7:00 PM", "closes at 12:00 PM, reopens at 1:00 PM", "opens tomorrow at
        7:00 AM", "closed today (Thanksgiving)"."""
        if self.is_open:
            closes = self.changes_at.time()
            text = f"closes at {format_time(closes)}"
            # A lunch break: say when the doors open again, so 11:55 does not read as "gone for the day".
            reopens = next((i.opens for i in self.today.intervals if i.opens > closes), None)
            return text if reopens is None else f"{text}, reopens at {format_time(reopens)}"
        prefix = ""
        if self.today.special is not None and self.today.is_closed:
            prefix = f"closed today ({self.today.reason}); " if self.today.reason else "closed today; "
        if self.changes_at is None:
            return prefix + "call to ask when we reopen"
        return prefix + f"opens {self.when_label} at {format_time(self.changes_at.time())}"

    @property
    def when_label(self) -> str:
        """today, tomorrow, Monday, or Monday, January 5 when more than a week away."""
        if self.changes_at is None:
            return ""
        local_day = self.moment.astimezone(CLINIC_TZ).date()
        days = (self.changes_at.date() - local_day).days
        if days == 0:
            return "today"
        if days == 1:
            return "tomorrow"
        if days < 7:
            return self.changes_at.strftime("%A")
        return f"{self.changes_at.strftime('%A, %B')} {self.changes_at.day}"

    def __str__(self) -> str:
        return f"{self.headline}: {self.detail}"


def status_at(moment: datetime | None, weekly, special) -> OpenStatus:
    """Open or closed at `moment` (an aware datetime; now when None), and until when."""
    moment = (moment or timezone.now()).astimezone(UTC)
    weekly, special = list(weekly), list(special)
    today = moment.astimezone(CLINIC_TZ).date()
    today_hours = day_hours(today, weekly, special)
    # Intervals never run past midnight, so yesterday's cannot be open now: start at today.
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        hours = today_hours if offset == 0 else day_hours(day, weekly, special)
        for interval in hours.intervals:
            start, end = _instant(day, interval.opens), _instant(day, interval.closes)
            if start <= moment < end:
                return OpenStatus(moment, True, end.astimezone(CLINIC_TZ), today_hours)
            if moment < start:
                return OpenStatus(moment, False, start.astimezone(CLINIC_TZ), today_hours)
    return OpenStatus(moment, False, None, today_hours)


def next_change(statuses: Iterable[OpenStatus]) -> datetime:
    """When a page showing these statuses and today's hours goes out of date: the first
    opening or closing among them, or the clinics' next midnight (when "tomorrow" becomes
    "today"), whichever comes first."""
    midnight = datetime.combine(clinic_today() + timedelta(days=1), time(0), tzinfo=CLINIC_TZ)
    return min([midnight, *(s.changes_at for s in statuses if s.changes_at is not None)])
