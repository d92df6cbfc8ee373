"""Staff keep clinic details, hours and closures in the admin; bad hours get a clear message."""

from datetime import date, time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, connection, transaction

from clinic_site.groups import CONTENT_EDITORS
from locations.models import Location, OpeningHours, SpecialHours
from tests.admin_forms import add_inline_rows as add_rows
from tests.admin_forms import change_form_data as form_data
from tests.admin_forms import input_attributes

from .factories import make_closure, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def darien(seeded):
    return Location.objects.get(slug="darien")


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


def change_url(location) -> str:
    return f"/admin/locations/location/{location.pk}/change/"


def post_change(staff_client, location, edit):
    data = edit(form_data(staff_client.get(change_url(location))))
    return staff_client.post(change_url(location), data)


def errors_of(response) -> str:
    text = response.content.decode()
    assert response.status_code == 200, "expected the form back with errors"
    assert "Please correct the error" in text
    return text


def test_content_editors_may_edit_locations_hours_and_closures():
    group = Group.objects.get(name=CONTENT_EDITORS)
    codenames = set(
        Permission.objects.filter(group=group, content_type__app_label="locations").values_list("codename", flat=True)
    )
    for model in ("location", "openinghours", "specialhours"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


def test_an_unchanged_save_keeps_everything(staff_client, darien):
    before = list(darien.opening_hours.values_list("weekday", "opens", "closes"))
    response = post_change(staff_client, darien, lambda data: data)
    assert response.status_code == 302
    assert list(darien.opening_hours.values_list("weekday", "opens", "closes")) == before


def test_an_overlapping_interval_is_refused_with_a_clear_message(staff_client, darien):
    response = post_change(
        staff_client,
        darien,
        lambda data: add_rows(data, "opening_hours", [{"weekday": "0", "opens": "11:00", "closes": "14:00"}]),
    )
    text = errors_of(response)
    assert "Monday: 7:00 AM to 7:00 PM overlaps 11:00 AM to 2:00 PM." in text
    assert "Opening times on one day must not overlap" in text
    assert darien.opening_hours.filter(weekday=0).count() == 1


def test_an_inverted_interval_is_refused_with_a_clear_message(staff_client, darien):
    response = post_change(
        staff_client,
        darien,
        lambda data: add_rows(data, "opening_hours", [{"weekday": "6", "opens": "17:00", "closes": "9:00"}]),
    )
    text = errors_of(response)
    assert "The closing time must be after the opening time (hours cannot run past midnight)." in text
    assert "overlap" not in text  # the row's own message is enough
    assert not darien.opening_hours.filter(weekday=6).exists()


def test_a_break_in_the_day_and_times_typed_as_am_pm_are_accepted(staff_client, darien):
    def split_monday(data):
        first = next(key for key, value in data.items() if key.endswith("-weekday") and value in ("0", ["0"]))
        prefix = first.rsplit("-", 1)[0]
        data[f"{prefix}-closes"] = "12:00 PM"
        return add_rows(data, "opening_hours", [{"weekday": "0", "opens": "1:00 PM", "closes": "7:00 PM"}])

    response = post_change(staff_client, darien, split_monday)
    assert response.status_code == 302
    assert list(darien.opening_hours.filter(weekday=0).values_list("opens", "closes")) == [
        (time(7), time(12)),
        (time(13), time(19)),
    ]


def test_overlapping_closures_are_refused_with_a_clear_message(staff_client, darien):
    response = post_change(
        staff_client,
        darien,
        lambda data: add_rows(
            data,
            "special_hours",
            [
                {"starts_on": "2027-02-01", "ends_on": "2027-02-05", "reason": "Renovation"},
                {"starts_on": "2027-02-03", "reason": "Snow day"},
            ],
        ),
    )
    text = errors_of(response)
    assert "February 1, 2027 to February 5, 2027 and February 3, 2027 overlap." in text
    assert not darien.special_hours.filter(starts_on__year=2027, starts_on__month=2).exists()


def test_special_hours_need_both_times_or_neither(staff_client, darien):
    response = post_change(
        staff_client,
        darien,
        lambda data: add_rows(data, "special_hours", [{"starts_on": "2027-02-01", "opens": "9:00"}]),
    )
    assert "Give both an opening and a closing time, or leave both empty for a closure." in errors_of(response)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"starts_on": "2027-02-05", "ends_on": "2027-02-01"}, "The last day cannot be before the first day."),
        (
            {"starts_on": "2027-02-01", "opens": "14:00", "closes": "9:00"},
            "The closing time must be after the opening",
        ),
    ],
    ids=["last-day-first", "closing-first"],
)
def test_inverted_special_hours_are_refused_with_a_clear_message(staff_client, darien, row, message):
    response = post_change(staff_client, darien, lambda data: add_rows(data, "special_hours", [row]))
    text = errors_of(response)
    assert message in text
    assert "overlap" not in text
    assert not darien.special_hours.filter(starts_on__year=2027, starts_on__month=2).exists()


def test_a_one_day_closure_is_saved_with_its_last_day_set(staff_client, darien):
    response = post_change(
        staff_client,
        darien,
        lambda data: add_rows(data, "special_hours", [{"starts_on": "2027-02-01", "reason": "Snow day"}]),
    )
    assert response.status_code == 302
    closure = darien.special_hours.get(starts_on=date(2027, 2, 1))
    assert closure.ends_on == date(2027, 2, 1) and closure.is_closed


def test_phones_are_validated_and_kept_in_one_format(staff_client, darien):
    def edit(data):
        data["phone"] = "203.555.0142"
        data["fax"] = ""
        return data

    assert post_change(staff_client, darien, edit).status_code == 302
    darien.refresh_from_db()
    assert darien.phone.as_e164 == "+12035550142"
    assert darien.phone_display == "(203) 555-0142"
    assert darien.phone_href == "tel:+12035550142"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "555-01", "Enter a valid phone number"),
        ("zip_code", "6820", "Enter a zip code in the format XXXXX or XXXXX-XXXX."),
        ("state", "XX", "Select a valid choice. XX is not one of the available choices."),
        ("latitude", "123", "Ensure this value is less than or equal to 90."),
    ],
)
def test_bad_address_and_phone_details_are_refused(staff_client, darien, field, value, message):
    def edit(data):
        data[field] = value
        return data

    assert message in errors_of(post_change(staff_client, darien, edit))


def test_coordinates_come_in_pairs(staff_client, darien):
    def edit(data):
        data["longitude"] = ""
        return data

    assert "Enter both the latitude and the longitude, or neither." in errors_of(
        post_change(staff_client, darien, edit)
    )


def test_the_admin_flags_clinics_still_holding_sample_details(staff_client, darien):
    Location.objects.filter(slug="manhattan").update(is_sample=False)
    changelist = staff_client.get("/admin/locations/location/").content.decode()
    assert changelist.count("Sample: replace") == 3
    page = staff_client.get(change_url(darien)).content.decode()
    assert "Darien still holds sample details." in page
    checked = staff_client.get(change_url(Location.objects.get(slug="manhattan"))).content.decode()
    assert "still holds sample details" not in checked


def test_the_change_page_links_to_the_public_page(staff_client, darien):
    assert 'href="/admin/r/' in staff_client.get(change_url(darien)).content.decode()  # "View on site"


# What the database itself refuses, whatever code writes to it.


def test_the_database_refuses_an_inverted_interval(db):
    location = make_location("dbcheck", week={})
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(location=location, weekday=0, opens=time(17), closes=time(9))


def test_the_database_refuses_special_hours_with_one_time_missing(db):
    location = make_location("dbcheck", week={})
    with pytest.raises(IntegrityError), transaction.atomic():
        make_closure(location, date(2027, 1, 1), opens=time(9))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot express an exclusion constraint")
def test_the_database_refuses_overlapping_intervals_and_closures(db):
    location = make_location("dbcheck", week={0: [(time(7), time(12))]})
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred to commit otherwise
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(location=location, weekday=0, opens=time(11), closes=time(14))
    OpeningHours.objects.create(location=location, weekday=0, opens=time(12), closes=time(14))  # touching is fine
    make_closure(location, date(2027, 2, 1), date(2027, 2, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_closure(location, date(2027, 2, 5))
    assert SpecialHours.objects.filter(location=location).count() == 1


def test_staff_see_phone_numbers_as_they_dial_them(staff_client, darien):
    phone = input_attributes(staff_client.get(change_url(darien)).content.decode(), "phone")
    assert phone["value"] == "(203) 555-0130"
    assert phone["type"] == "tel"


def test_the_closures_list_refuses_a_closure_that_overlaps_one_the_clinic_has(staff_client, darien):
    make_closure(darien, date(2027, 2, 1), date(2027, 2, 5), reason="Renovation")
    response = staff_client.post(
        "/admin/locations/specialhours/add/",
        {"location": darien.pk, "starts_on": "2027-02-03", "ends_on": "", "opens": "", "closes": "", "reason": "Snow"},
    )
    text = errors_of(response)
    assert "Darien already has “Closed (Renovation)” on February 1, 2027 to February 5, 2027." in text
    assert darien.special_hours.count() == 4  # three seeded holidays and the renovation


def test_a_snow_day_is_copied_to_every_other_clinic_in_one_go(staff_client, darien):
    snow = make_closure(darien, date(2027, 2, 2), reason="Snow day")
    chatham = Location.objects.get(slug="chatham")
    make_closure(chatham, date(2027, 2, 2), opens=time(10), closes=time(14), reason="Late opening")
    response = staff_client.post(
        "/admin/locations/specialhours/",
        {"action": "copy_to_other_clinics", "_selected_action": [snow.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Added to Manhattan (February 2, 2027), Wharton (February 2, 2027)." in text
    assert "Not added where a clinic already has a closure or special hours on those dates: Chatham" in text
    copies = SpecialHours.objects.filter(starts_on=date(2027, 2, 2), reason="Snow day")
    assert sorted(copies.values_list("location__slug", flat=True)) == ["darien", "manhattan", "wharton"]
    assert chatham.special_hours.get(starts_on=date(2027, 2, 2)).reason == "Late opening"
