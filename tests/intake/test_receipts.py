"""Each receipt names the clinic the patient chose and how we will reach them, in their words."""

import re

import pytest

from intake import notifications
from locations.models import Location

from .factories import follow_up_data, form_data, self_pay_data, with_photos

pytestmark = pytest.mark.django_db

OTHER_PHONES = {
    "manhattan": "tel:+12125550100",
    "chatham": "tel:+19735550110",
    "wharton": "tel:+19735550120",
    "darien": "tel:+12035550130",
}


def text(html: str) -> str:
    """The page as read: tags out, spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def send(client, url, data, capture):
    with capture(execute=True):
        response = client.post(url, data)
    notifications.deliver()
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("method", "promise"),
    [
        ("text", "We will text you at (•••) •••-0147"),
        ("phone", "We will call you at (•••) •••-0147"),
        ("email", "We will email you at m•••@example.com"),
    ],
)
def test_the_new_patient_receipt_says_how_we_will_reach_them_as_they_chose(
    client, location, django_capture_on_commit_callbacks, method, promise
):
    data = with_photos(form_data(location, preferred_contact=method))
    html = send(client, "/new-patients/", data, django_capture_on_commit_callbacks)
    assert promise in text(html)
    assert "We call you back" not in html
    assert "555-0147" not in html and "maria@example.com" not in html  # masked, even here


@pytest.mark.parametrize(
    ("url", "make_data", "promise"),
    [
        ("/follow-up/", follow_up_data, "We will call you at (•••) •••-0162"),
        ("/self-pay/", self_pay_data, "We will email you at p•••@example.com"),
    ],
)
def test_each_receipt_shows_the_chosen_clinic_and_no_other(
    client, seeded, django_capture_on_commit_callbacks, url, make_data, promise
):
    wharton = Location.objects.get(slug="wharton")
    html = send(client, url, make_data(wharton), django_capture_on_commit_callbacks)
    assert promise in text(html)
    # Its phone, today's hours and address, in the page and in the footer's call list.
    assert html.count('href="tel:+19735550120"') == 2
    assert '<span class="clinic-card__label">Today:</span>' in html
    assert "100 North Main Street" in html
    for slug, phone in OTHER_PHONES.items():
        if slug != "wharton":
            assert phone not in html, slug
            assert f'href="/locations/{slug}/"' not in html, slug
    assert "Call your clinic" in html


def test_a_receipt_whose_clinic_has_gone_lists_the_clinics_to_call(client, seeded, django_capture_on_commit_callbacks):
    darien = Location.objects.get(slug="darien")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/follow-up/", follow_up_data(darien))
    darien.delete()
    html = client.get("/follow-up/received/").content.decode()
    assert "We will call you at (•••) •••-0162" in text(html)
    assert 'href="tel:+12125550100"' in html  # the footer's call list, all clinics
    assert 'href="/locations/">Find a clinic and its phone number</a>' in html
