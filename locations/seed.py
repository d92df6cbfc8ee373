"""Sample clinic details for a new site, marked as sample until staff replace them.

The towns are the clinics' own; street addresses, hours, fax numbers and emails are
placeholders. Phone numbers are in 555-0100 to 555-0199, which are reserved for fiction.
"""

from datetime import date, time, timedelta

from django.db import transaction

from . import hours
from .models import Location, OpeningHours, SpecialHours

Weekday = OpeningHours.Weekday
WEEKDAYS = range(Weekday.MONDAY, Weekday.SATURDAY)  # Monday to Friday

SAMPLE_LOCATIONS = [
    {
        "name": "Manhattan",
        "slug": "manhattan",
        "street_address": "100 West 33rd Street, Suite 100",
        "city": "New York",
        "state": "NY",
        "zip_code": "10001",
        "phone": "+12125550100",
        "fax": "+12125550101",
        "latitude": "40.749500",
        "longitude": "-73.989300",
        "directions": "Sample directions: a short walk from Penn Station and Herald Square (subway lines 1, 2, 3, "
        "B, D, F, M, N, Q, R, W). Paid garages on West 33rd Street.",
        "accessibility": "Sample notes: step-free entrance on the street, elevator to our floor, accessible restroom.",
        "hours": {day: [(time(7), time(19))] for day in WEEKDAYS} | {Weekday.SATURDAY: [(time(8), time(13))]},
    },
    {
        "name": "Chatham",
        "slug": "chatham",
        "street_address": "100 Main Street",
        "city": "Chatham",
        "state": "NJ",
        "zip_code": "07928",
        "phone": "+19735550110",
        "fax": "+19735550111",
        "latitude": "40.740900",
        "longitude": "-74.383800",
        "directions": "Sample directions: free parking behind the building. Chatham station (NJ Transit "
        "Morris & Essex line) is a ten-minute walk.",
        "accessibility": "Sample notes: ground-floor clinic with a ramp from the parking lot.",
        "hours": {day: [(time(7), time(19))] for day in WEEKDAYS} | {Weekday.SATURDAY: [(time(8), time(12))]},
    },
    {
        "name": "Wharton",
        "slug": "wharton",
        "street_address": "100 North Main Street",
        "city": "Wharton",
        "state": "NJ",
        "zip_code": "07885",
        "phone": "+19735550120",
        "fax": "+19735550121",
        "latitude": "40.893200",
        "longitude": "-74.581800",
        "directions": "Sample directions: free parking lot beside the clinic, close to Route 80 exit 34.",
        "accessibility": "Sample notes: step-free entrance and accessible parking spaces by the door.",
        # A lunch break three days a week: several intervals in one day.
        "hours": {
            day: [(time(7), time(12)), (time(13), time(19))]
            for day in (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY)
        }
        | {day: [(time(9), time(18))] for day in (Weekday.TUESDAY, Weekday.THURSDAY)},
    },
    {
        "name": "Darien",
        "slug": "darien",
        "street_address": "100 Post Road",
        "city": "Darien",
        "state": "CT",
        "zip_code": "06820",
        "phone": "+12035550130",
        "fax": "+12035550131",
        "latitude": "41.078700",
        "longitude": "-73.469300",
        "directions": "Sample directions: parking in the lot behind the building. Darien station "
        "(Metro-North New Haven line) is a five-minute walk.",
        "accessibility": "Sample notes: step-free entrance at the back of the building and an elevator.",
        "hours": {day: [(time(7), time(19))] for day in WEEKDAYS} | {Weekday.SATURDAY: [(time(8), time(12))]},
    },
]


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(Weekday.THURSDAY - first.weekday()) % 7 + 21)  # fourth Thursday


def upcoming_holidays(today: date) -> list[tuple[date, str]]:
    """The next Thanksgiving, Christmas and New Year's Day on or after today."""
    found = []
    for make, reason in [
        (_thanksgiving, "Thanksgiving"),
        (lambda y: date(y, 12, 25), "Christmas Day"),
        (lambda y: date(y, 1, 1), "New Year’s Day"),
    ]:
        day = make(today.year)
        found.append((day if day >= today else make(today.year + 1), reason))
    return sorted(found)


@transaction.atomic
def seed_locations() -> bool:
    """Create the four clinics unless any location exists (so edits and deletions stand)."""
    if Location.objects.exists():
        return False
    holidays = upcoming_holidays(hours.clinic_today())
    for position, fields in enumerate(SAMPLE_LOCATIONS, start=1):
        fields = dict(fields)
        weekly = fields.pop("hours")
        location = Location.objects.create(position=position, is_sample=True, **fields)
        OpeningHours.objects.bulk_create(
            OpeningHours(location=location, weekday=day, opens=opens, closes=closes)
            for day, intervals in weekly.items()
            for opens, closes in intervals
        )
        SpecialHours.objects.bulk_create(
            SpecialHours(location=location, starts_on=day, ends_on=day, reason=reason) for day, reason in holidays
        )
    return True
