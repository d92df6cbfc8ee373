"""The front desk's work queue: who may see what, the audit log, and history without patient data."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from intake.models import AuditEvent, CardImage, Note, Submission

from .factories import make_submission

pytestmark = pytest.mark.django_db


def change_url(submission) -> str:
    return reverse("admin:intake_submission_change", args=[submission.pk])


def image_url(submission, image) -> str:
    return reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk])


@pytest.fixture
def submission(location):
    return make_submission(location)


def test_the_front_desk_group_can_work_submissions_but_not_delete_them(front_desk):
    assert front_desk.has_perm("intake.view_submission")
    assert front_desk.has_perm("intake.change_submission")
    assert front_desk.has_perm("intake.add_note")
    assert not front_desk.has_perm("intake.delete_submission")
    assert not front_desk.has_perm("intake.change_auditevent")


def every_private_url(submission) -> list[str]:
    urls = [
        reverse("admin:intake_submission_changelist"),
        reverse("admin:intake_submission_changelist") + "?q=Lopez",
        change_url(submission),
        reverse("admin:intake_submission_history", args=[submission.pk]),
        reverse("admin:intake_notification_changelist"),
        reverse("admin:intake_auditevent_changelist"),
    ]
    for image in CardImage.objects.all():
        urls.append(image_url(submission, image))
    # guessed ids: neighbours, huge numbers, another submission's image under this one
    for pk in (submission.pk + 1, 999_999, 0):
        urls.append(reverse("admin:intake_submission_change", args=[pk]))
        urls.append(reverse("admin:intake_submission_card_image", args=[pk, 1]))
        urls.append(reverse("admin:intake_submission_card_image", args=[submission.pk, pk]))
    return urls


def test_anonymous_visitors_get_no_byte_of_any_submission_or_image(client, submission):
    private = [submission.reference, submission.last_name, "W123456789", "Aetna"]
    for url in every_private_url(submission):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/"), url
        body = response.content
        assert not body.startswith(b"\xff\xd8"), url
        assert not any(value.encode() in body for value in private), url
    assert not AuditEvent.objects.filter(action__in=["view_submission", "view_image"]).exists()


def test_staff_without_the_permission_get_no_byte_either(client, submission, other_staff):
    client.force_login(other_staff)
    private = [submission.reference, submission.last_name, "W123456789", "Aetna"]
    for url in every_private_url(submission):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert not response.content.startswith(b"\xff\xd8"), url
        assert not any(value.encode() in response.content for value in private), url
    # every attempt is in the audit log as refused, none as a view or a search
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"denied"}
    # nor does the admin index show the queue or its dashboard
    index = client.get("/admin/").content.decode()
    assert "Front desk: waiting submissions" not in index and "Submissions" not in index


def test_the_front_desk_finds_opens_and_works_a_submission(client, submission, front_desk, location):
    client.force_login(front_desk)
    listing = client.get(reverse("admin:intake_submission_changelist"), follow=True)
    assert listing.redirect_chain == [(reverse("admin:intake_submission_changelist") + "?view=todo", 302)]
    listing = listing.content.decode()
    assert submission.reference in listing and "Maria Lopez" in listing and "Chatham" in listing

    response = client.get(change_url(submission), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    html = response.content.decode()
    assert "W123456789" in html and "GRP-0042" in html and "Aetna" in html
    images = list(CardImage.objects.order_by("side"))
    shown = [re.search(rf'src="({image_url(submission, image)}\?shown=[^"]+)"', html)[1] for image in images]
    assert "no-store" in response["Cache-Control"]

    for url in shown:
        picture = client.get(url.replace("&amp;", "&"), REMOTE_ADDR="10.1.2.3")
        assert picture.status_code == 200
        assert picture["Content-Type"] == "image/jpeg"
        assert picture.content.startswith(b"\xff\xd8")
        assert "no-store" in picture["Cache-Control"]
        assert picture["X-Content-Type-Options"] == "nosniff"
        assert picture["Content-Security-Policy"] == "default-src 'none'; sandbox"

    response = client.post(
        change_url(submission),
        {
            "status": "verifying",
            "assignee": front_desk.pk,
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": "Called Aetna, benefits check in progress.",
            "_continue": "Save",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    submission.refresh_from_db()
    assert submission.status == "verifying" and submission.assignee == front_desk
    assert submission.picked_up_at is not None
    note = Note.objects.get()
    assert note.author == front_desk and note.submission == submission and note.created_at

    events = list(AuditEvent.objects.order_by("at", "pk").values_list("action", "username", "reference", "ip_address"))
    # One row for what the page showed (its thumbnails' requests add none), then one per kind of change.
    assert events == [
        ("view_submission", "frontdesk", submission.reference, "10.1.2.3"),
        ("change_status", "frontdesk", submission.reference, "10.1.2.3"),
        ("assign", "frontdesk", submission.reference, "10.1.2.3"),
        ("add_note", "frontdesk", submission.reference, "10.1.2.3"),
    ]
    assert AuditEvent.objects.get(action="view_submission").detail == "record, primary card front, primary card back"
    assert AuditEvent.objects.get(action="change_status").detail == "Status: New → Verifying benefits"


def test_each_change_writes_one_history_entry_and_one_audit_row_saying_from_what_to_what(
    client, submission, front_desk
):
    front_desk.first_name = "Dana"
    front_desk.save()
    client.force_login(front_desk)
    client.post(
        change_url(submission),
        {
            "status": "needs_information",
            "assignee": front_desk.pk,
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": "Asked for a clearer photo.",
        },
    )
    entries = LogEntry.objects.order_by("pk")
    assert {entry.object_repr for entry in entries} == {f"Submission {submission.reference}"}
    assert [entry.get_change_message() for entry in entries] == [
        "Status: New → Needs information",
        "Assigned to Dana",
        "Note: “Asked for a clearer photo.”",
    ]
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "detail")) == [
        ("change_status", "Status: New → Needs information"),
        ("assign", "Assigned to Dana"),
        ("add_note", "Added an internal note"),  # the audit log names the note, never its text
    ]
    # History, which only staff with the intake permissions can open, tells what changed.
    history = client.get(reverse("admin:intake_submission_history", args=[submission.pk])).content.decode()
    assert "Status: New → Needs information" in history and "clearer photo" in history
    assert "Lopez" not in history
    assert AuditEvent.objects.order_by("pk").last().detail == "history"  # a look at History is audited

    # Saving again with nothing changed adds no history, and one audit row saying so.
    AuditEvent.objects.filter(detail="history").delete()
    client.post(change_url(submission), {"status": "needs_information", "assignee": front_desk.pk, **NO_NOTES})
    assert LogEntry.objects.count() == 3
    assert AuditEvent.objects.order_by("pk").last().detail == "saved, no change"


NO_NOTES = {
    "notes-TOTAL_FORMS": "0",
    "notes-INITIAL_FORMS": "0",
    "notes-MIN_NUM_FORMS": "0",
    "notes-MAX_NUM_FORMS": "1000",
}


def test_assign_to_me_from_the_list(client, location, front_desk):
    first, second = make_submission(location), make_submission(location, first_name="Luis")
    client.force_login(front_desk)
    response = client.post(
        reverse("admin:intake_submission_changelist"),
        {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(Submission.objects.values_list("assignee", flat=True)) == {front_desk.pk}
    assert all(s.picked_up_at for s in Submission.objects.all())


@pytest.mark.parametrize(
    "query",
    [
        "{reference}",
        "{compact}",
        "{lower}",
        "{spaced}",
        "Lopez",
        "lopez maria",
        "maria lopez",
        "LÓPEZ",
        "973-555-0147",
        "(973) 555 0147",
        "+1 973 555 0147",
        "9735550147",
        "555-0147",
        "0147",
        "1985-03-14",
        "03/14/1985",
        "3/14/1985",
    ],
)
def test_the_queue_is_searched_by_reference_name_phone_and_date_of_birth(client, location, front_desk, query):
    wanted = make_submission(location)
    other = make_submission(
        location, first_name="Ana", last_name="Smith", phone="212-555-0188", date_of_birth="1990-01-01"
    )
    client.force_login(front_desk)
    ref = wanted.reference
    typed = query.format(
        reference=ref, compact=ref.replace("-", ""), lower=ref.lower().replace("-", ""), spaced=ref.replace("-", " ")
    )
    html = client.get(reverse("admin:intake_submission_changelist"), {"q": typed, "view": "all"})
    html = html.content.decode()
    assert wanted.reference in html and other.reference not in html
    search = AuditEvent.objects.get(action="search")
    # What was shown, by reference; never what was typed.
    assert (
        search.detail == f"searched the submission list: 1 shown ({wanted.reference})" and "Lopez" not in search.detail
    )


def test_a_reference_search_is_one_indexed_lookup_with_no_full_count(
    client, location, front_desk, django_assert_num_queries
):
    wanted = make_submission(location)
    client.force_login(front_desk)
    url = reverse("admin:intake_submission_changelist")
    client.get(url, {"q": "x", "view": "all"})  # the session and permissions are cached after this
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"q": wanted.reference.lower().replace("-", " "), "view": "all"})
    searches = [q["sql"] for q in captured.captured_queries if 'FROM "intake_submission"' in q["sql"]]
    # the page and its paginator's count, both filtered; no count of the whole table
    assert all("WHERE" in sql for sql in searches), searches
    assert all('"intake_submission"."reference" = ' in sql for sql in searches), searches


def test_a_search_stays_within_the_chosen_filters(client, location, front_desk):
    new = make_submission(location)
    verifying = make_submission(location)
    verifying.status = Submission.Status.VERIFYING
    verifying.save()
    client.force_login(front_desk)
    html = client.get(reverse("admin:intake_submission_changelist"), {"q": "03/14/1985", "status": "verifying"})
    html = html.content.decode()
    assert verifying.reference in html and new.reference not in html


def test_the_list_filters_by_status_location_type_assignee_and_date(client, submission, front_desk):
    client.force_login(front_desk)
    for params in (
        {"status": "waiting"},
        {"status": "new"},
        {"location__id__exact": submission.location_id},
        {"kind__exact": "new_patient"},
        {"received_at__year": timezone.localdate().year, "received_at__month": timezone.localdate().month},
    ):
        response = client.get(reverse("admin:intake_submission_changelist"), params)
        assert response.status_code == 200, params
        assert submission.reference in response.content.decode(), params


def test_the_changelist_makes_a_fixed_number_of_queries(client, location, front_desk, django_assert_max_num_queries):
    for _ in range(3):
        make_submission(location)
    client.force_login(front_desk)
    # session, user, permissions, the filtered count (never the whole table's), the page (with location and
    # assignee joined), the location and assignee filters; the number does not grow with the rows. (The
    # queue's own address: the bare one only redirects to it.)
    with django_assert_max_num_queries(16) as captured:
        assert client.get(reverse("admin:intake_submission_changelist"), {"view": "todo"}).status_code == 200
    three = len(captured)
    for _ in range(5):
        make_submission(location)
    with django_assert_max_num_queries(three):
        client.get(reverse("admin:intake_submission_changelist"), {"view": "todo"})


def test_the_dashboard_counts_waiting_submissions_and_names_the_oldest_not_picked_up(
    client, location, front_desk, seeded
):
    from locations.models import Location

    darien = Location.objects.get(slug="darien")
    oldest = make_submission(location)
    Submission.objects.filter(pk=oldest.pk).update(received_at=timezone.now() - datetime.timedelta(hours=5))
    make_submission(location)
    verifying = make_submission(darien)
    verifying.status = Submission.Status.VERIFYING
    verifying.save()
    closed = make_submission(darien)
    closed.status = Submission.Status.CLOSED
    closed.save()

    client.force_login(front_desk)
    html = client.get("/admin/").content.decode()
    assert "Front desk: waiting submissions" in html
    assert f">{oldest.reference}</a>, received 5" in html
    chatham_row = html.split('<th scope="row">Chatham</th>')[1].split("</tr>")[0].strip()
    darien_row = html.split('<th scope="row">Darien</th>')[1].split("</tr>")[0].strip()
    assert chatham_row.startswith("<td>2</td><td>0</td>")  # two new, none verifying
    assert darien_row.startswith("<td>0</td><td>1</td>")  # the closed one is not waiting


def test_the_audit_log_is_read_only_even_for_superusers(client, submission, admin_user):
    client.force_login(admin_user)
    client.get(change_url(submission))
    event = AuditEvent.objects.get()
    listing = client.get(reverse("admin:intake_auditevent_changelist"))
    assert listing.status_code == 200
    # Each row's reference links to its submission.
    assert f'<a href="{change_url(submission)}">{submission.reference}</a>' in listing.content.decode()
    detail = client.get(reverse("admin:intake_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:intake_auditevent_change", args=[event.pk]), {"detail": "x"}).status_code == 403
    assert client.post(reverse("admin:intake_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:intake_auditevent_add")).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, detail=event.detail).exists()


def test_an_image_is_only_served_under_its_own_submission(client, location, front_desk):
    first, second = make_submission(location), make_submission(location)
    client.force_login(front_desk)
    image = CardImage.objects.filter(policy__submission=second).first()
    assert client.get(image_url(first, image)).status_code == 404
    assert client.get(image_url(second, image)).status_code == 200
    assert list(AuditEvent.objects.values_list("reference", flat=True)) == [second.reference]


def test_the_queues_checkboxes_are_djangos_own(admin_client, submission):
    """SubmissionAdmin writes the checkbox out rather than through a widget's template: the
    markup must stay what Django's own would render, for the actions to work."""
    from django.contrib import admin

    model_admin = admin.site._registry[Submission]
    own = admin.ModelAdmin.action_checkbox(model_admin, submission)
    assert model_admin.action_checkbox(submission) == own
    assert own in admin_client.get("/admin/intake/submission/?view=all").content.decode()
