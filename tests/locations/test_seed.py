from datetime import date, time

import pytest
import time_machine

from locations.models import Location, OpeningHours, SpecialHours
from locations.seed import seed_locations, upcoming_holidays

from .factories import eastern

pytestmark = pytest.mark.django_db


def test_the_seed_makes_the_four_clinics_with_hours_all_marked_as_sample():
    with time_machine.travel(eastern(2026, 3, 4, 10, 0), tick=False):
        assert seed_locations() is True
    clinics = list(Location.objects.active())
    assert [c.slug for c in clinics] == ["manhattan", "chatham", "wharton", "darien"]
    for clinic in clinics:
        assert clinic.is_sample
        assert 100 <= int(clinic.phone.as_national[-4:]) <= 199 and "555-01" in clinic.phone_display
        assert clinic.street_address and clinic.zip_code and clinic.latitude is not None
        clinic.full_clean()  # what the seed wrote passes the admin's own validation
    # Wharton has a lunch break: several intervals in one day.
    wharton = OpeningHours.objects.filter(location__slug="wharton", weekday=0)
    assert list(wharton.values_list("opens", "closes")) == [(time(7), time(12)), (time(13), time(19))]
    assert set(SpecialHours.objects.filter(location__slug="darien").values_list("starts_on", "reason")) == {
        (date(2026, 11, 26), "Thanksgiving"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2027, 1, 1), "New Year’s Day"),
    }


def test_the_seed_never_touches_clinics_staff_already_have():
    seed_locations()
    Location.objects.filter(slug="darien").update(street_address="12 Real Street", is_sample=False)
    OpeningHours.objects.filter(location__slug="darien").delete()
    assert seed_locations() is False
    darien = Location.objects.get(slug="darien")
    assert darien.street_address == "12 Real Street" and not darien.is_sample
    assert not darien.opening_hours.exists()


def test_upcoming_holidays_roll_over_to_next_year_once_passed():
    assert upcoming_holidays(date(2026, 11, 27)) == [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2027, 1, 1), "New Year’s Day"),
        (date(2027, 11, 25), "Thanksgiving"),
    ]
