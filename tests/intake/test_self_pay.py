"""/self-pay/: the rates, the notice of the right to a Good Faith Estimate, and the registration."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from intake import notifications
from intake.models import GoodFaithEstimateNotice, Notification, SelfPayRate, Submission
from intake.seed import seed_rates

from .factories import self_pay_data
from .html import elements

pytestmark = pytest.mark.django_db

URL = "/self-pay/"
EASTERN = ZoneInfo("America/New_York")
# The Tuesday before Thanksgiving, late in the evening: still Tuesday at the clinic, Wednesday in UTC.
TUESDAY_EVENING = datetime(2026, 11, 24, 22, 30, tzinfo=EASTERN)


def submit(client, data, capture):
    """Send the form, then run the outbox's sender as it runs beside the site in production."""
    with capture(execute=True):
        response = client.post(URL, data)
    notifications.deliver()
    return response


def test_sample_rates_are_listed_marked_as_sample_with_the_date_they_were_updated(client, location):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=EASTERN), tick=False):
        seed_rates()
    html = client.get(URL).content.decode()
    assert "Sample rates, to be confirmed by the clinic." in html
    assert re.search(r"Initial evaluation<span class=\"rates__description\">[^<]+</span></th>\s*<td", html)
    assert '<td class="rates__price">$175</td>' in html and '<td class="rates__price">$125</td>' in html
    assert 'Rates last updated <time datetime="2026-03-02">March 2, 2026</time>.' in html
    assert html.index("Initial evaluation") < html.index("Follow-up visit") < html.index("Extended follow-up")


def test_rates_changed_by_staff_lose_the_sample_mark_and_show_the_new_date(client, location, editor):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=EASTERN), tick=False):
        seed_rates()
    client.force_login(editor)
    for rate in SelfPayRate.objects.all():
        with time_machine.travel(datetime(2026, 4, 15, 9, tzinfo=EASTERN), tick=False):
            response = client.post(
                reverse("admin:intake_selfpayrate_change", args=[rate.pk]),
                {
                    "name": rate.name,
                    "price": str(rate.price + 10),
                    "description": rate.description,
                    "position": rate.position,
                    "is_sample": "on",
                },
            )
        assert response.status_code == 302
    assert not SelfPayRate.objects.filter(is_sample=True).exists()
    client.logout()
    html = client.get(URL).content.decode()
    assert "Sample rates" not in html and "(sample)" not in html
    assert '<td class="rates__price">$185</td>' in html
    assert 'Rates last updated <time datetime="2026-04-15">April 15, 2026</time>.' in html


def test_a_rate_in_cents_and_one_sample_among_real_ones(client, location):
    SelfPayRate.objects.create(name="Dry needling", price=Decimal("62.50"), position=1)
    SelfPayRate.objects.create(name="Initial evaluation", price=Decimal("175"), position=0, is_sample=True)
    html = client.get(URL).content.decode()
    assert "$62.50" in html
    assert "Sample rates, to be confirmed" not in html
    assert '$175 <span class="rates__sample">(sample)</span>' in html


def test_with_no_rates_the_page_says_to_call(client, location):
    html = client.get(URL).content.decode()
    assert "Our self-pay rates are being updated. Call any of our clinics" in html
    assert "rates__table" not in html


def test_the_good_faith_estimate_notice_is_shown_prominently_and_marked_sample(client, location):
    html = client.get(URL).content.decode()
    notice = html[html.index('<section class="estimate-notice"') :]
    notice = notice[: notice.index("</section>")]
    assertInHTML(
        '<h2 id="estimate-notice" class="estimate-notice__title">Your right to a Good Faith Estimate</h2>', notice
    )
    assert "Sample text, awaiting confirmation by the practice." in notice
    assert "don’t have insurance or who are not using insurance" in notice
    assert "at least $400 more than your Good Faith Estimate" in notice and "1-800-985-3059" in notice
    # before the form, near the top
    assert html.index("estimate-notice") < html.index('<form class="intake-form"')


def test_the_notice_text_is_edited_by_staff_escaped_and_confirmed(client, location, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_goodfaithestimatenotice_change", args=[GoodFaithEstimateNotice.SINGLETON_ID]),
        {"title": "Good Faith Estimate", "text": "First <script>alert(1)</script>.\n\nSecond paragraph."},
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(URL).content.decode()
    assert "<p>First &lt;script&gt;alert(1)&lt;/script&gt;.</p>" in html and "<p>Second paragraph.</p>" in html
    assert "awaiting confirmation" not in html


def test_the_notice_shows_even_if_its_row_was_deleted(client, location):
    GoodFaithEstimateNotice.objects.all().delete()
    html = client.get(URL).content.decode()
    assert "Your right to a Good Faith Estimate" in html and "Sample text, awaiting confirmation" in html


def test_the_page_makes_a_fixed_number_of_queries(client, location, django_assert_num_queries, version_queries):
    seed_rates()
    # content version, rates, notice of the right to an estimate, privacy notice, the form's clinics, the
    # footer's clinics with their weekly and special hours (open now in its call list); the same however
    # many rates or clinics there are
    with django_assert_num_queries(version_queries + 7):
        client.get(URL)
    with django_assert_num_queries(version_queries):  # the empty form's page, kept for the content version
        client.get(URL)
    SelfPayRate.objects.create(name="Another", price=1)  # a new content version: the page is built again
    with django_assert_num_queries(version_queries + 7):
        assert "Another" in client.get(URL).content.decode()


def test_the_form_groups_its_questions(client, location):
    html = client.get(URL).content.decode()
    for legend in ("About you", "Your visit", "Good Faith Estimate", "Privacy and consent"):
        assert f'<legend class="intake-form__legend">{legend}</legend>' in html
    assert "Would you like a Good Faith Estimate of your costs now?" in html
    assert 'name="member_id"' not in html and 'type="file"' not in html


def test_a_registration_asking_for_an_estimate_is_due_3_business_days_later(
    client, location, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        response = submit(client, self_pay_data(location), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:self_pay_received") == "/self-pay/received/"

    submission = Submission.objects.get()
    assert submission.kind == Submission.Kind.SELF_PAY
    assert (submission.last_name, submission.city, submission.state, submission.zip_code) == (
        "Shah",
        "Darien",
        "CT",
        "06820",
    )
    assert submission.preferred_contact == "email" and submission.reason == "Shoulder pain when lifting"
    assert submission.preferred_times == "Tuesday or Thursday after 4 PM"
    assert submission.wants_estimate
    # asked on Tuesday, November 24 (clinic time): Wednesday, Friday (Thanksgiving skipped), Monday
    assert submission.estimate_requested_on == date(2026, 11, 24)
    assert submission.estimate_due_on == date(2026, 11, 30)
    assert not submission.policies.exists()

    patient, staff = Notification.objects.order_by("kind")
    assert staff.subject == f"New self-pay registration {submission.reference}, sign in to view"
    assert "self-pay registration" in patient.body and "Good Faith Estimate" in patient.body
    assert len(mailoutbox) == 2

    receipt = client.get(response["Location"]).content.decode()
    assert submission.reference in receipt and "Thank you: we received your registration" in receipt
    assert "You asked for a Good Faith Estimate" in receipt
    for private in ("Priya", "Shah", "priya@example.com", "1990", "Shoulder", "Kings"):
        assert private not in receipt


def test_a_registration_without_an_estimate_request_owes_none_until_booked(
    client, location, django_capture_on_commit_callbacks
):
    submit(client, self_pay_data(location, wants_estimate="no"), django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    assert not submission.wants_estimate
    assert submission.estimate_requested_on is None and submission.estimate_due_on is None
    assert "You asked for a Good Faith Estimate" not in client.get("/self-pay/received/").content.decode()


def test_errors_are_shown_beside_each_field_and_typed_values_are_kept(client, location):
    data = self_pay_data(location, zip_code="123", email="", last_name="", state="XX")
    del data["wants_estimate"], data["consent_to_contact"]
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain == [(URL, 302)]  # post/redirect/get: Back never resends the form
    html = response.content.decode()
    assert "<title>Error: " in html
    for anchor, message in [
        ("id_last_name", "Enter your last name."),
        ("id_zip_code", "Enter a 5-digit ZIP code, for example 07928."),
        ("id_state", "Choose your state."),
        ("id_email", "Enter your email address, or choose another way for us to contact you."),
        ("id_wants_estimate_0", "Tell us whether you would like a Good Faith Estimate now."),
        ("id_consent_to_contact", "Tick to let us contact you"),
    ]:
        assert f'<li><a href="#{anchor}">{message}' in html, anchor
    assert 'id="id_wants_estimate_error"' in html and 'id="id_zip_code_error"' in html
    assert 'value="Priya"' in html and 'value="123"' in html and 'value="4 Old Kings Highway"' in html
    assert "Shoulder pain when lifting</textarea>" in html
    assert elements(html, "input", {"name": "preferred_contact", "value": "email", "checked": None})
    assert Submission.objects.count() == 0 and Notification.objects.count() == 0


def test_a_replayed_registration_makes_one_record(client, location, django_capture_on_commit_callbacks, mailoutbox):
    data = self_pay_data(location)
    for browser in (client, client, Client()):
        assert submit(browser, data, django_capture_on_commit_callbacks).status_code == 302
    assert Submission.objects.count() == 1 and Notification.objects.count() == 2 and len(mailoutbox) == 2


def test_the_receipt_is_only_for_the_browser_that_registered(client, location, django_capture_on_commit_callbacks):
    submit(Client(), self_pay_data(location), django_capture_on_commit_callbacks)
    response = client.get("/self-pay/received/")
    assert response.status_code == 302 and response["Location"] == URL


def test_the_form_needs_a_csrf_token(location):
    response = Client(enforce_csrf_checks=True).post(URL, self_pay_data(location))
    assert response.status_code == 403 and Submission.objects.count() == 0


def test_the_receipt_makes_a_fixed_number_of_queries(
    client, location, django_capture_on_commit_callbacks, django_assert_num_queries
):
    submit(client, self_pay_data(location), django_capture_on_commit_callbacks)
    # the session, the submission (what the receipt shows only), the chosen clinic with its weekly and
    # special hours (the page and the footer show that clinic alone)
    with django_assert_num_queries(5):
        assert client.get("/self-pay/received/").status_code == 200
