"""The front desk works follow-up requests and self-pay registrations in the same queue.

Good Faith Estimates: staff record the dates, the queue sorts and filters by the due date,
flags the overdue and records when each was sent. Content editors keep the rates, the
notice and the portal link; neither group sees what the other keeps.
"""

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from intake.models import AuditEvent, PatientPortal, SelfPayRate, Submission

from .factories import make_follow_up, make_self_pay, make_submission
from .test_admin import every_private_url

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
CHANGELIST = "admin:intake_submission_changelist"


def change_url(submission) -> str:
    return reverse("admin:intake_submission_change", args=[submission.pk])


def estimate_post(**dates) -> dict:
    data = {
        "status": "scheduled",
        "assignee": "",
        "estimate_requested_on": "",
        "appointment_scheduled_on": "",
        "appointment_on": "",
        "estimate_sent_on": "",
        "notes-TOTAL_FORMS": "0",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
    }
    data.update({name: value.isoformat() if value else "" for name, value in dates.items()})
    return data


def test_the_queue_shows_each_kind_and_filters_by_it(client, location, front_desk):
    new, follow_up, self_pay = make_submission(location), make_follow_up(location), make_self_pay(location)
    client.force_login(front_desk)
    html = client.get(reverse(CHANGELIST), follow=True).content.decode()
    for submission, label in ((new, "New patient"), (follow_up, "Follow-up"), (self_pay, "Self-pay")):
        assert f">{submission.reference}<br><small>{label}</small></a>" in html, label
    for kind, wanted in (("follow_up", follow_up), ("self_pay", self_pay)):
        html = client.get(reverse(CHANGELIST), {"kind__exact": kind}).content.decode()
        others = {new, follow_up, self_pay} - {wanted}
        assert wanted.reference in html and not any(other.reference in html for other in others)


def test_a_follow_up_opens_without_insurance_and_a_self_pay_with_its_estimate(client, location, front_desk):
    follow_up, self_pay = make_follow_up(location), make_self_pay(location)
    client.force_login(front_desk)
    html = client.get(change_url(follow_up)).content.decode()
    assert "Weekday mornings" in html and "the knee is sore again" in html
    assert ">Insurance</h2>" not in html and "Good Faith Estimate" not in html
    assert "(973) 555-0162" in html  # the phone as the front desk dials it
    html = client.get(change_url(self_pay)).content.decode()
    assert "Shoulder pain when lifting" in html and "4 Old Kings Highway" in html
    assert "<h2>Good Faith Estimate</h2>" in html or ">Good Faith Estimate</h2>" in html
    assert 'name="appointment_on"' in html and 'name="estimate_sent_on"' in html
    assert 'name="estimate_due_on"' not in html  # worked out, never typed
    assert AuditEvent.objects.filter(action="view_submission").count() == 2


def test_staff_record_a_booking_and_the_due_date_follows(client, location, front_desk):
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=EASTERN), tick=False):
        registration = make_self_pay(location, wants_estimate="no")
    client.force_login(front_desk)
    # booked on Wednesday, November 25 for Monday, December 14: 10+ business days ahead
    response = client.post(
        change_url(registration),
        estimate_post(appointment_scheduled_on=date(2026, 11, 25), appointment_on=date(2026, 12, 14)),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    registration.refresh_from_db()
    assert registration.estimate_due_on == date(2026, 12, 1)  # 3 business days, Thanksgiving skipped

    # the patient then asks on Friday the 27th: due Wednesday, December 2, later: the booking's date stands
    client.post(
        change_url(registration),
        estimate_post(
            estimate_requested_on=date(2026, 11, 27),
            appointment_scheduled_on=date(2026, 11, 25),
            appointment_on=date(2026, 12, 14),
            estimate_sent_on=date(2026, 11, 30),
        ),
    )
    registration.refresh_from_db()
    assert registration.estimate_due_on == date(2026, 12, 1) and registration.estimate_sent_on == date(2026, 11, 30)

    # Each kind of change one history entry and one audit row, from what to what (History and the audit
    # log are for intake staff only); never the patient's name.
    messages = [entry.change_message for entry in LogEntry.objects.order_by("pk")]
    assert messages == [
        "Status: New → Scheduled",
        "Good Faith Estimate: appointment booked on – → Nov 25, 2026; appointment date – → Dec 14, 2026",
        "Good Faith Estimate: estimate requested on – → Nov 27, 2026; estimate sent on – → Nov 30, 2026",
    ]
    assert (
        list(AuditEvent.objects.filter(action__startswith="change_").order_by("pk").values_list("detail", flat=True))
        == messages
    )
    assert "Shah" not in json.dumps(messages)


def test_a_booking_with_the_visit_before_it_was_booked_is_refused_beside_the_field(client, location, front_desk):
    registration = make_self_pay(location)
    client.force_login(front_desk)
    response = client.post(
        change_url(registration),
        estimate_post(appointment_scheduled_on=date(2026, 11, 25), appointment_on=date(2026, 11, 20)),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The appointment cannot be before the day it was booked." in html
    response = client.post(change_url(registration), estimate_post(appointment_on=date(2026, 11, 20)))
    assert "Enter the day the appointment was booked." in response.content.decode()
    registration.refresh_from_db()
    assert registration.appointment_on is None


def test_the_queue_flags_overdue_estimates_filters_and_sorts_by_due_date(client, location, front_desk):
    with time_machine.travel(datetime(2026, 11, 16, 9, tzinfo=EASTERN), tick=False):
        overdue = make_self_pay(location)  # asked Monday the 16th: due Thursday the 19th
    with time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=EASTERN), tick=False):
        due_later = make_self_pay(location)  # due Monday the 23rd
    with time_machine.travel(datetime(2026, 11, 13, 9, tzinfo=EASTERN), tick=False):
        sent = make_self_pay(location)  # due Wednesday the 18th, but sent
    Submission.objects.filter(pk=sent.pk).update(estimate_sent_on=date(2026, 11, 17))
    not_asked = make_self_pay(location, wants_estimate="no")
    follow_up = make_follow_up(location)
    assert [overdue.estimate_due_on, due_later.estimate_due_on, sent.estimate_due_on] == [
        date(2026, 11, 19),
        date(2026, 11, 23),
        date(2026, 11, 18),
    ]
    client.force_login(front_desk)

    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=EASTERN), tick=False):
        overdue.refresh_from_db()
        assert overdue.estimate_overdue and not due_later.estimate_overdue
        assert list(Submission.objects.estimate_overdue()) == [overdue]

        html = client.get(reverse(CHANGELIST), {"view": "all"}).content.decode()
        row = html[html.index(f">{overdue.reference}<br>") :].split("</tr>")[0]
        assert (
            '<time datetime="2026-11-19">Nov 19, 2026</time><br><strong class="intake-overdue">Overdue</strong>' in row
        )
        row = html[html.index(f">{sent.reference}<br>") :].split("</tr>")[0]
        assert "<small>sent Nov 17, 2026</small>" in row and "Overdue" not in row
        assert html.count("intake-overdue") == 1

        def listed(params) -> list[str]:
            page = client.get(reverse(CHANGELIST), params).content.decode()
            return re.findall(r'<th class="field-submission"><a href="[^"]+">([^<]+)<br>', page)

        assert listed({"estimate": "overdue"}) == [overdue.reference]
        # the saved view "Estimates due": every one not sent, soonest due first
        assert listed({"view": "estimates"}) == [overdue.reference, due_later.reference]
        assert set(listed({"estimate": "outstanding"})) == {overdue.reference, due_later.reference}
        assert listed({"estimate": "sent"}) == [sent.reference]
        assert listed({"estimate": "due_today"}) == []

        # sorted by the due date column, soonest first, those with none last
        column = 1 + list(client.get(reverse(CHANGELIST), follow=True).context["cl"].list_display).index(
            "estimate_due"
        )
        order = listed({"o": str(column - 1), "view": "all"})
        assert order[:3] == [sent.reference, overdue.reference, due_later.reference]
        assert set(order[3:]) == {not_asked.reference, follow_up.reference}

        dashboard = client.get("/admin/").content.decode()
        assert (
            "1 Good Faith Estimate overdue." in dashboard
            and 'href="/admin/intake/submission/?estimate=overdue"' in dashboard
        )

    # Another day, so another sign-in (staff sessions end after 15 idle minutes).
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=EASTERN), tick=False):
        client.force_login(front_desk)
        assert listed({"estimate": "due_today"}) == [due_later.reference]
        assert "1 Good Faith Estimate overdue." in client.get("/admin/").content.decode()  # still not sent

    with time_machine.travel(datetime(2026, 11, 19, 16, tzinfo=EASTERN), tick=False):
        client.force_login(front_desk)
        assert "overdue." not in client.get("/admin/").content.decode()  # due today is not late yet


def test_anonymous_visitors_and_staff_without_permission_get_nothing_of_either_kind(client, location, other_staff):
    for submission in (make_follow_up(location), make_self_pay(location)):
        private = [submission.reference, submission.last_name, submission.phone, submission.preferred_times]
        for user in (None, other_staff):
            if user:
                client.force_login(user)
            else:
                client.logout()
            for url in every_private_url(submission):
                response = client.get(url)
                assert response.status_code in (302, 403, 404), url
                if response.status_code == 302:
                    assert response["Location"].startswith("/admin/login/"), url
                assert not any(value.encode() in response.content for value in private), url
            assert client.post(change_url(submission), estimate_post()).status_code in (302, 403)
    assert not AuditEvent.objects.filter(action__in=["view_submission", "change_submission"]).exists()
    assert not Submission.objects.filter(status="scheduled").exists()


def test_content_editors_keep_rates_the_notice_and_the_portal_link(client, editor):
    assert editor.has_perm("intake.add_selfpayrate") and editor.has_perm("intake.delete_selfpayrate")
    assert editor.has_perm("intake.change_goodfaithestimatenotice")
    assert editor.has_perm("intake.change_patientportal") and editor.has_perm("intake.add_patientportal")
    assert not editor.has_perm("intake.view_submission")
    client.force_login(editor)
    response = client.post(
        reverse("admin:intake_patientportal_add"), {"url": "https://portal.example.com/rppt"}, follow=True
    )
    assert response.status_code == 200
    assert PatientPortal.address() == "https://portal.example.com/rppt"
    # one link at most: no second one to add
    assert client.get(reverse("admin:intake_patientportal_add")).status_code == 403
    change = reverse("admin:intake_patientportal_change", args=[PatientPortal.SINGLETON_ID])
    assert "Enter a valid URL." in client.post(change, {"url": "javascript:alert(1)"}).content.decode()
    refused = client.post(change, {"url": "http://portal.example.com/"}).content.decode()
    assert "Enter the full address, starting with https://" in refused
    assert PatientPortal.address() == "https://portal.example.com/rppt"
    response = client.post(
        reverse("admin:intake_selfpayrate_add"), {"name": "Dry needling", "price": "-5", "position": "3"}
    )
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert (
        client.post(
            reverse("admin:intake_selfpayrate_add"), {"name": "Dry needling", "price": "60", "position": "3"}
        ).status_code
        == 302
    )
    assert not SelfPayRate.objects.get(name="Dry needling").is_sample


def test_the_front_desk_cannot_change_rates_or_the_notice(front_desk):
    assert not front_desk.has_perm("intake.change_selfpayrate")
    assert not front_desk.has_perm("intake.change_goodfaithestimatenotice")
    assert not front_desk.has_perm("intake.change_patientportal")
