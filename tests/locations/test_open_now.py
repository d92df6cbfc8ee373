"""Open now, "closes at 7:00 PM", "opens tomorrow at 7:00 AM" at fixed instants.

The test clinic opens Monday to Friday 7:00 AM to 12:00 PM and 1:00 PM to 7:00 PM, and
Saturday and Sunday 8:00 AM to 12:00 PM, Eastern time. The clock is moved with time-machine.
"""

import time
from datetime import date
from datetime import time as clock

import pytest
import time_machine
from django.utils import timezone

from locations import hours
from locations.models import Location

from .factories import eastern, make_closure, make_location, utc

pytestmark = pytest.mark.django_db


def status(location: Location, moment) -> hours.OpenStatus:
    with time_machine.travel(moment, tick=False):
        fresh = Location.objects.with_hours().get(pk=location.pk)
        return fresh.status


def test_before_opening_the_clinic_is_closed_and_opens_today(clinic):
    result = status(clinic, eastern(2026, 3, 4, 6, 59))  # a Wednesday
    assert not result.is_open
    assert str(result) == "Closed now: opens today at 7:00 AM"


def test_at_opening_time_the_clinic_is_open_until_the_lunch_break_and_says_when_it_reopens(clinic):
    result = status(clinic, eastern(2026, 3, 4, 7, 0))
    assert result.is_open
    assert str(result) == "Open now: closes at 12:00 PM, reopens at 1:00 PM"
    assert result.changes_at == eastern(2026, 3, 4, 12, 0)
    assert str(status(clinic, eastern(2026, 3, 4, 11, 55))) == "Open now: closes at 12:00 PM, reopens at 1:00 PM"


def test_between_two_intervals_the_clinic_is_closed_and_reopens_after_lunch(clinic):
    result = status(clinic, eastern(2026, 3, 4, 12, 0))
    assert not result.is_open
    assert str(result) == "Closed now: opens today at 1:00 PM"


def test_during_the_afternoon_interval_it_closes_at_seven(clinic):
    result = status(clinic, eastern(2026, 3, 4, 18, 59, 59))
    assert result.is_open
    assert result.detail == "closes at 7:00 PM"


def test_after_closing_it_opens_tomorrow(clinic):
    result = status(clinic, eastern(2026, 3, 4, 19, 0))
    assert not result.is_open
    assert str(result) == "Closed now: opens tomorrow at 7:00 AM"


def test_after_closing_on_friday_it_opens_on_saturday_at_weekend_hours(clinic):
    assert str(status(clinic, eastern(2026, 3, 6, 20, 0))) == "Closed now: opens tomorrow at 8:00 AM"


def test_on_a_closure_day_the_clinic_is_closed_all_day_and_says_why(clinic):
    make_closure(clinic, date(2026, 11, 26), reason="Thanksgiving")  # a Thursday
    result = status(clinic, eastern(2026, 11, 26, 10, 0))
    assert not result.is_open
    assert str(result) == "Closed now: closed today (Thanksgiving); opens tomorrow at 7:00 AM"


def test_the_evening_before_a_closure_the_next_opening_skips_the_closed_day(clinic):
    make_closure(clinic, date(2026, 11, 26), reason="Thanksgiving")
    result = status(clinic, eastern(2026, 11, 25, 19, 30))
    assert result.changes_at == eastern(2026, 11, 27, 7, 0)
    assert result.detail == "opens Friday at 7:00 AM"


def test_special_shorter_hours_replace_the_weekly_hours_for_that_day(clinic):
    make_closure(clinic, date(2026, 12, 24), opens=clock(7), closes=clock(13), reason="Christmas Eve")
    assert str(status(clinic, eastern(2026, 12, 24, 12, 30))) == "Open now: closes at 1:00 PM"
    # The weekly 1:00 PM to 7:00 PM does not apply on Christmas Eve, a Thursday.
    assert str(status(clinic, eastern(2026, 12, 24, 14, 0))) == "Closed now: opens tomorrow at 7:00 AM"


def test_a_closure_over_several_days_reopens_after_its_last_day(clinic):
    make_closure(clinic, date(2026, 12, 24), date(2027, 1, 3), reason="Holidays")
    result = status(clinic, eastern(2026, 12, 28, 9, 0))
    assert not result.is_open
    assert result.changes_at == eastern(2027, 1, 4, 7, 0)
    assert result.detail == "closed today (Holidays); opens Monday, January 4 at 7:00 AM"


def test_a_clinic_with_no_hours_at_all_asks_patients_to_call(db):
    location = make_location("nohours", week={})
    result = status(location, eastern(2026, 3, 4, 10, 0))
    assert not result.is_open
    assert result.changes_at is None
    assert result.detail == "call to ask when we reopen"


# Daylight saving time: 2026-03-08 02:00 EST becomes 03:00 EDT (UTC-5 to UTC-4), and
# 2026-11-01 02:00 EDT becomes 01:00 EST. Both are Sundays, when the clinic opens at 8:00 AM.


def test_spring_forward_opening_is_at_eight_local_which_is_twelve_utc(clinic):
    assert not status(clinic, utc(2026, 3, 8, 11, 59)).is_open  # 7:59 AM EDT (6:59 if still on EST)
    opened = status(clinic, utc(2026, 3, 8, 12, 0))  # 8:00 AM EDT
    assert opened.is_open
    assert opened.detail == "closes at 12:00 PM"
    assert opened.changes_at == utc(2026, 3, 8, 16, 0)


def test_the_night_before_spring_forward_the_next_opening_is_in_daylight_time(clinic):
    result = status(clinic, eastern(2026, 3, 7, 23, 0))  # Saturday night, still EST
    assert result.changes_at == utc(2026, 3, 8, 12, 0)
    assert result.detail == "opens tomorrow at 8:00 AM"


def test_during_the_skipped_hour_of_spring_forward_the_clinic_is_closed(clinic):
    result = status(clinic, utc(2026, 3, 8, 7, 30))  # 3:30 AM EDT; 2:00 to 3:00 AM never happened
    assert not result.is_open
    assert result.detail == "opens today at 8:00 AM"


def test_fall_back_opening_is_at_eight_local_which_is_thirteen_utc(clinic):
    assert not status(clinic, utc(2026, 11, 1, 12, 30)).is_open  # 7:30 AM EST (8:30 if still on EDT)
    opened = status(clinic, utc(2026, 11, 1, 13, 0))  # 8:00 AM EST
    assert opened.is_open
    assert opened.changes_at == utc(2026, 11, 1, 17, 0)


def test_during_the_repeated_hour_of_fall_back_the_clinic_is_closed_until_eight(clinic):
    for moment in (utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)):  # 1:30 AM EDT, then 1:30 AM EST
        result = status(clinic, moment)
        assert not result.is_open
        assert result.changes_at == utc(2026, 11, 1, 13, 0)
        assert result.detail == "opens today at 8:00 AM"


def test_the_night_before_fall_back_the_next_opening_is_in_standard_time(clinic):
    result = status(clinic, eastern(2026, 10, 31, 22, 0))  # Saturday night, still EDT
    assert result.changes_at == utc(2026, 11, 1, 13, 0)
    assert result.detail == "opens tomorrow at 8:00 AM"


# Midnight, and the day boundary in UTC that is not the clinic's.


def test_one_second_before_midnight_the_next_opening_is_tomorrow(clinic):
    result = status(clinic, eastern(2026, 3, 3, 23, 59, 59))  # Tuesday
    assert result.detail == "opens tomorrow at 7:00 AM"
    assert result.today.day == date(2026, 3, 3)


def test_at_midnight_the_day_has_turned_and_the_next_opening_is_today(clinic):
    result = status(clinic, eastern(2026, 3, 4, 0, 0))
    assert not result.is_open
    assert result.detail == "opens today at 7:00 AM"
    assert result.today.day == date(2026, 3, 4)


def test_when_it_is_already_tomorrow_in_utc_the_clinic_day_is_still_today(clinic):
    # 9:00 PM Wednesday in Darien is 2:00 AM Thursday in UTC.
    result = status(clinic, utc(2026, 3, 5, 2, 0))
    assert result.today.day == date(2026, 3, 4)
    assert result.detail == "opens tomorrow at 7:00 AM"


def test_the_server_time_zone_does_not_change_the_answer(clinic, settings, monkeypatch):
    """Django's TIME_ZONE, the active time zone and the process's TZ are all ignored."""
    expected = str(status(clinic, eastern(2026, 3, 4, 12, 30)))
    settings.TIME_ZONE = "Pacific/Auckland"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        with timezone.override("UTC"):
            assert str(status(clinic, eastern(2026, 3, 4, 12, 30))) == expected
            assert str(status(clinic, eastern(2026, 3, 8, 8, 30))) == "Open now: closes at 12:00 PM"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_touching_intervals_count_as_one_opening(db):
    location = make_location("touching", week={0: [(clock(9), clock(12)), (clock(12), clock(17))]})
    result = status(location, eastern(2026, 3, 2, 11, 0))  # a Monday
    assert result.detail == "closes at 5:00 PM"
