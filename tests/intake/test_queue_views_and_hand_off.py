"""The queue's views, the card viewer, and the hand-off to the chart (print view, FHIR export)."""

import datetime
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from clinic_site.groups import FRONT_DESK
from intake.models import AuditEvent, CardImage, Submission

from .factories import make_follow_up, make_submission

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:intake_submission_changelist"


def listed(client, **params) -> list[str]:
    cl = client.get(reverse(CHANGELIST), params).context["cl"]
    return [submission.reference for submission in cl.result_list]


def test_the_queue_opens_on_what_needs_doing_oldest_first_and_all_is_one_click_away(client, location, front_desk):
    oldest, newer, closed = make_submission(location), make_submission(location), make_submission(location)
    Submission.objects.filter(pk=oldest.pk).update(received_at=timezone.now() - datetime.timedelta(days=2))
    closed.status = Submission.Status.CLOSED
    closed.save()
    client.force_login(front_desk)
    response = client.get(reverse(CHANGELIST), follow=True)
    assert response.redirect_chain[-1][0].endswith("?view=todo")
    assert [s.reference for s in response.context["cl"].result_list] == [oldest.reference, newer.reference]
    html = response.content.decode()
    assert 'href="?view=all"' in html  # "All", one click away
    assert "2 submissions" in html and "Submissions" in html and "Select submission to change" not in html
    assert listed(client, view="all") == [closed.reference, newer.reference, oldest.reference]


def test_saved_views_mine_and_waiting(client, location, front_desk):
    mine, waiting, picked = make_submission(location), make_submission(location), make_submission(location)
    mine.assignee = front_desk
    mine.save()
    picked.status = Submission.Status.VERIFYING
    picked.save()
    client.force_login(front_desk)
    assert listed(client, view="mine") == [mine.reference]
    assert listed(client, view="waiting") == [waiting.reference]


def test_the_assignee_is_a_plain_choice_of_the_front_desk(client, location, front_desk, admin_user, other_staff):
    submission = make_submission(location)
    client.force_login(admin_user)
    form = client.get(reverse("admin:intake_submission_change", args=[submission.pk])).context["adminform"].form
    field = form.fields["assignee"]
    assert list(field.queryset) == [front_desk]
    html = client.get(reverse("admin:intake_submission_change", args=[submission.pk])).content.decode()
    assert 'id="add_id_assignee"' not in html and 'id="change_id_assignee"' not in html
    assert 'id="delete_id_assignee"' not in html


def test_staff_without_intake_permission_who_search_are_audited_as_refused(client, location, other_staff):
    submission = make_submission(location)
    client.force_login(other_staff)
    assert client.get(reverse(CHANGELIST), {"q": "Lopez"}).status_code == 403
    assert client.get(reverse("admin:intake_submission_change", args=[submission.pk])).status_code == 403
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "username", "reference", "detail"))
    assert events == [
        ("denied", "pages", "", "refused: the submission list"),
        ("denied", "pages", submission.reference, "refused: a submission"),
    ]


def test_opening_a_submission_writes_one_audit_row_naming_both_images(client, location, front_desk):
    submission = make_submission(location)
    client.force_login(front_desk)
    html = client.get(reverse("admin:intake_submission_change", args=[submission.pk])).content.decode()
    # the page's thumbnails, loaded as a browser would
    for image in CardImage.objects.all():
        start = html.index(reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk]))
        url = html[start : html.index('"', start)].replace("&amp;", "&")
        assert client.get(url).status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == ("view_submission", "record, primary card front, primary card back")

    # the same image asked for without the page's token, or another user's, is audited by itself
    image = CardImage.objects.get(side="front")
    client.get(reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk]) + "?shown=forged")
    assert AuditEvent.objects.order_by("pk").last().detail == "primary card front, opened by itself"


def test_the_card_viewer_is_an_audited_admin_page_that_is_never_stored(client, location, front_desk):
    submission = make_submission(location)
    client.force_login(front_desk)
    response = client.get(reverse("admin:intake_submission_cards", args=[submission.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'href="{reverse("admin:intake_submission_change", args=[submission.pk])}"' in html  # back
    assert 'value="90"' in html and 'value="full"' in html
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == ("view_image", "card viewer, primary card front, primary card back")


HAND_OFF = ("admin:intake_submission_print", "admin:intake_submission_fhir")


@pytest.mark.parametrize("name", HAND_OFF)
def test_print_and_export_need_the_export_permission(client, location, other_staff, front_desk, name):
    submission = make_submission(location)
    url = reverse(name, args=[submission.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not AuditEvent.objects.exists()  # anonymous: nothing to name
    client.force_login(other_staff)
    assert client.get(url).status_code == 403
    event = AuditEvent.objects.get()
    assert (event.action, event.username, event.reference) == ("denied", "pages", submission.reference)
    # the front desk without the export permission (only seeing) is refused too
    front_desk.groups.clear()
    viewer = Group.objects.create(name="Viewers")
    viewer.permissions.set(Group.objects.get(name=FRONT_DESK).permissions.exclude(codename="export_submission"))
    front_desk.groups.add(viewer)
    client.force_login(front_desk)
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action="denied").count() == 2


def test_the_print_view_shows_the_record_and_cards_and_is_audited(client, location, front_desk):
    submission = make_submission(location)
    client.force_login(front_desk)
    response = client.get(reverse("admin:intake_submission_print", args=[submission.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Maria Lopez" in html and "W123456789" in html and html.count("?shown=") == 2
    assert "intake/print.css" in html
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == ("print", "record, primary card front, primary card back")


def empty_values(value, where="bundle"):
    """Every empty string, list or object in the export: FHIR forbids them, and they say nothing."""
    if value in ("", [], {}, None):
        yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from empty_values(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from empty_values(item, f"{where}[{index}]")


def resources(bundle: dict) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"]]


def test_the_fhir_export_validates_and_carries_only_what_the_patient_gave(client, location, front_desk):
    submission = make_submission(
        location,
        email="",
        group_number="",
        relationship="spouse",
        holder_name="Carlos Lopez",
        holder_date_of_birth="1983-07-01",
        secondary_carrier="Cigna",
        secondary_member_id="C998877",
        secondary_group_number="G-7",
    )
    client.force_login(front_desk)
    response = client.get(reverse("admin:intake_submission_fhir", args=[submission.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    Bundle.model_validate(data)  # the FHIR R4(B) schema: raises on any unknown or malformed field
    patient, related, primary, secondary = resources(data)
    assert patient == {
        "resourceType": "Patient",
        "identifier": [{"system": f"{settings.SITE_URL}/intake/reference", "value": submission.reference}],
        "name": [{"family": "Lopez", "given": ["Maria"]}],
        "telecom": [{"system": "phone", "value": "+19735550147"}],  # no email given: none sent
        "birthDate": "1985-03-14",
        # no second address line given: none sent
        "address": [
            {"line": ["12 Elm Street"], "city": "Chatham", "state": "NJ", "postalCode": "07928", "country": "US"}
        ],
    }
    assert not list(empty_values(data))
    assert related["resourceType"] == "RelatedPerson" and related["name"] == [{"text": "Carlos Lopez"}]
    assert related["birthDate"] == "1983-07-01" and related["patient"]["reference"] == data["entry"][0]["fullUrl"]
    assert primary["resourceType"] == "Coverage" and primary["order"] == 1
    assert primary["subscriberId"] == "W123456789" and primary["payor"] == [{"display": "Aetna"}]
    assert primary["subscriber"]["reference"] == data["entry"][1]["fullUrl"]  # the spouse holds it
    assert primary["relationship"]["coding"][0]["code"] == "spouse"
    assert "class" not in primary  # no group number given
    assert secondary["order"] == 2 and secondary["subscriberId"] == "C998877"
    assert secondary["class"][0]["value"] == "G-7"
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == ("export", "FHIR bundle: Patient, RelatedPerson, Coverage, Coverage")


def test_a_follow_up_exports_the_patient_alone(client, location, front_desk):
    follow_up = make_follow_up(location)
    client.force_login(front_desk)
    data = json.loads(client.get(reverse("admin:intake_submission_fhir", args=[follow_up.pk])).content)
    Bundle.model_validate(data)
    assert [resource["resourceType"] for resource in resources(data)] == ["Patient"]


def test_the_migration_fills_the_search_keys_of_existing_submissions(client, location, front_desk):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "intake.migrations.0009_fill_search_keys_export_permission_notices_not_front_desk"
    )
    submission = make_submission(location, last_name="López-Díaz")
    Submission.objects.update(first_last_key="", last_first_key="", phone_key="")
    migration.fill_search_keys(apps, None)
    submission.refresh_from_db()
    assert (submission.first_last_key, submission.last_first_key) == ("maria lopez-diaz", "lopez-diaz maria")
    assert submission.phone_key == "7410555379"
    client.force_login(front_desk)
    assert listed(client, q="lopez-d", view="all") == [submission.reference]


def test_admin_wording_is_plain_and_dates_have_one_format(client, location, front_desk):
    import re

    submission = make_submission(location)
    client.force_login(front_desk)
    saved = client.post(
        reverse("admin:intake_submission_change", args=[submission.pk]),
        {"status": "verifying", "assignee": "", "_continue": "1", **NO_NOTES},
        follow=True,
    )
    html = saved.content.decode()
    assert f"{submission.reference} saved." in html and "was changed successfully" not in html
    audit = client.get(reverse("admin:intake_auditevent_changelist")).content.decode()
    assert "<h1>Audit log</h1>" in audit and "audit log entries" in audit
    stamps = re.findall(r'<td class="field-at[^"]*">(?:<a [^>]+>)?([^<]+)<', audit) or re.findall(
        r'<th class="field-at[^"]*"><a [^>]+>([^<]+)<', audit
    )
    assert stamps and all(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM)", s) for s in stamps), (
        stamps
    )
    history = client.get(reverse("admin:intake_submission_history", args=[submission.pk])).content.decode()
    assert re.search(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} (AM|PM)", history)
    assert "a.m." not in history and "p.m." not in history


NO_NOTES = {
    "notes-TOTAL_FORMS": "0",
    "notes-INITIAL_FORMS": "0",
    "notes-MIN_NUM_FORMS": "0",
    "notes-MAX_NUM_FORMS": "1000",
}


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("admin:intake_submission_cards", 13),  # and the sidebar's two "may add?" checks
        ("admin:intake_submission_print", 11),
        ("admin:intake_submission_fhir", 10),
    ],
)
def test_the_hand_off_pages_make_a_fixed_number_of_queries(
    client, location, front_desk, django_assert_num_queries, name, queries
):
    # session, user, permissions, the submission, its plans and their images (and notes to print), the audit row,
    # and the staff session's last-seen time saved (a savepoint, an update, a release)
    submission = make_submission(
        location, secondary_carrier="Cigna", secondary_member_id="C1", secondary_group_number=""
    )
    client.force_login(front_desk)
    client.get(reverse(name, args=[submission.pk]))
    with django_assert_num_queries(queries):
        assert client.get(reverse(name, args=[submission.pk])).status_code == 200
