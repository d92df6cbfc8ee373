"""Small helpers that make clinics, hours and closures for the locations tests."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from locations.models import Location, OpeningHours, SpecialHours

EASTERN = ZoneInfo("America/New_York")

# Monday to Friday with a lunch break, Saturday and Sunday mornings (both 2026
# daylight-saving changes fall on a Sunday).
WEEK = {day: [(time(7), time(12)), (time(13), time(19))] for day in range(5)} | {
    5: [(time(8), time(12))],
    6: [(time(8), time(12))],
}


def make_location(slug="testville", *, week=None, **fields) -> Location:
    defaults = {
        "name": slug.title(),
        "street_address": "1 Test Street",
        "city": "Darien",
        "state": "CT",
        "zip_code": "06820",
        "phone": "+12035550150",
        "latitude": "41.078700",
        "longitude": "-73.469300",
    }
    location = Location.objects.create(slug=slug, **(defaults | fields))
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, weekday=day, opens=opens, closes=closes)
        for day, intervals in (WEEK if week is None else week).items()
        for opens, closes in intervals
    )
    return location


def make_closure(location, starts_on, ends_on=None, *, opens=None, closes=None, reason="") -> SpecialHours:
    return SpecialHours.objects.create(
        location=location, starts_on=starts_on, ends_on=ends_on, opens=opens, closes=closes, reason=reason
    )


def eastern(*args) -> datetime:
    """An instant given as Eastern wall-clock time."""
    return datetime(*args, tzinfo=EASTERN)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
