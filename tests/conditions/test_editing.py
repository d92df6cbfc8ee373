"""Content editing: standard sections, order without numbers, no self-relation, history compare and preview."""

import pytest
from django.urls import reverse
from reversion.models import Version

from clinic_site.models import ContentVersion
from conditions.admin import STANDARD_SECTIONS
from conditions.models import Condition, Section
from tests.admin_forms import change_form_data

from .test_admin import change_url, save

pytestmark = pytest.mark.django_db
ADD = "admin:conditions_condition_add"


@pytest.fixture
def back_spasms(seeded) -> Condition:
    return Condition.objects.get(slug="back-spasms")


def test_a_new_condition_starts_with_the_standard_sections_and_saves_items_in_entry_order(client, editor, seeded):
    client.force_login(editor)
    page = client.get(reverse(ADD))
    sections = page.context["inline_admin_formsets"][0].formset
    assert [(form.initial["kind"], form.initial["heading"]) for form in sections.forms] == list(STANDARD_SECTIONS)
    data = change_form_data(page)
    data.update(
        {
            "title": "Tennis Elbow",
            "slug": "tennis-elbow",
            "summary": "Pain on the outside of the elbow.",
            "region": "arm",
            "sections-0-body": "Tennis elbow is an overuse injury.",
        }
    )
    # three symptoms typed in, no order field touched (the hidden order field stays empty)
    for index, text in enumerate(["Pain when gripping", "Weak grip", "Morning stiffness"]):
        data[f"symptoms-{index}-text"] = text
        data[f"symptoms-{index}-position"] = ""
    data["symptoms-TOTAL_FORMS"] = "3"
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.context and [
        (inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors())
        for inline in response.context["inline_admin_formsets"]
    ]
    condition = Condition.objects.get(slug="tennis-elbow")
    assert list(condition.symptoms.values_list("text", "position")) == [
        ("Pain when gripping", 1),
        ("Weak grip", 2),
        ("Morning stiffness", 3),
    ]
    assert list(condition.sections.values_list("kind", "heading", "position")) == [
        (kind, heading, number) for number, (kind, heading) in enumerate(STANDARD_SECTIONS, start=1)
    ]


def test_reordering_and_adding_never_meets_a_duplicate_position(client, editor, back_spasms):
    client.force_login(editor)
    data = change_form_data(client.get(change_url(back_spasms)))
    symptoms = sorted(k for k in data if k.startswith("symptoms-") and k.endswith("-position"))
    first, second = symptoms[0], symptoms[1]
    data[first], data[second] = data[second], data[first]  # dragged: the first two swap
    total = int(data["symptoms-TOTAL_FORMS"])
    data.update({f"symptoms-{total}-text": "A new last symptom", f"symptoms-{total}-position": "0"})
    sections = sorted(k for k in data if k.startswith("sections-") and k.endswith("-position"))
    data[sections[0]], data[sections[1]] = data[sections[1]], data[sections[0]]  # sections too
    data["symptoms-TOTAL_FORMS"] = str(total + 1)
    response = client.post(change_url(back_spasms), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    texts = list(back_spasms.symptoms.values_list("text", flat=True))
    positions = list(back_spasms.symptoms.values_list("position", flat=True))
    assert positions == list(range(1, total + 2))
    assert texts[0] == data[second.replace("position", "text")] and texts[-1] == "A new last symptom"
    kinds = list(back_spasms.sections.values_list("kind", flat=True))
    assert kinds[:2] == ["acute_vs_chronic", "overview"]
    assert list(back_spasms.sections.values_list("position", flat=True)) == list(range(1, len(kinds) + 1))


def test_a_condition_is_not_offered_as_related_to_itself(client, editor, back_spasms):
    client.force_login(editor)
    form = client.get(change_url(back_spasms)).context["adminform"].form
    assert back_spasms not in form.fields["related"].queryset


def test_history_lists_newest_first_and_compares_two_versions_side_by_side(client, editor, back_spasms):
    client.force_login(editor)
    data = change_form_data(client.get(change_url(back_spasms)))
    # As a browser sends them: every textarea's lines end "\r\n" (the seed saved "\n").
    data = {name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in data.items()}
    data["summary"] = "A shorter summary."
    assert client.post(change_url(back_spasms), data).status_code == 302
    history = client.get(reverse("admin:conditions_condition_history", args=[back_spasms.pk]))
    html = history.content.decode()
    assert "Choose a date from the list below to revert" not in html
    newest, oldest = Version.objects.get_for_object(back_spasms).order_by("-pk")
    assert html.index(f'value="{newest.pk}"') < html.index(f'value="{oldest.pk}"')
    url = reverse("admin:conditions_condition_compare", args=[back_spasms.pk])
    compare = client.get(url, {"older": oldest.pk, "newer": newest.pk})
    assert compare.status_code == 200
    changed = [row for row in compare.context["rows"] if row["changed"]]
    assert [row["label"] for row in changed] == ["Summary"]  # not the sections whose lines now end "\r\n"
    assert changed[0]["older"].startswith("Back spasms occur") and changed[0]["newer"] == "A shorter summary."
    assert client.get(url, {"older": oldest.pk, "newer": 999999}).status_code == 404


def test_the_restore_screen_previews_the_version_being_restored(client, editor, back_spasms):
    client.force_login(editor)
    original = Version.objects.get_for_object(back_spasms).get()
    save(client, back_spasms, summary="A shorter summary.")
    Section.objects.filter(condition=back_spasms, kind="overview").update(body="Rewritten overview.")
    restore = client.get(reverse("admin:conditions_condition_revision", args=[back_spasms.pk, original.pk]))
    preview_url = reverse("admin:conditions_condition_version_preview", args=[back_spasms.pk, original.pk])
    html = restore.content.decode()
    assert f'href="{preview_url}"' in html and "Restore a version" in html
    version = ContentVersion.current().number
    preview = client.get(preview_url)
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    assert ContentVersion.current().number == version  # what the preview undid moved no cached page
    assert "Rewritten overview." not in preview.content.decode()
    back_spasms.refresh_from_db()
    assert back_spasms.summary == "A shorter summary."  # previewing saved nothing
    assert Section.objects.get(condition=back_spasms, kind="overview").body == "Rewritten overview."


def test_a_preview_holds_back_only_its_own_threads_saves(transactional_db):
    """Threaded workers: a save made in another thread while a version is previewed still
    moves the content version (muting the save signals would have hidden it)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from clinic_site.apps import content_changes_not_published
    from tests.locations.factories import make_location

    def save_in_another_thread() -> None:
        try:
            make_location("elsewhere")
        finally:
            connection.close()

    before = ContentVersion.current().number
    with content_changes_not_published():
        make_location("here")
        assert ContentVersion.current().number == before
        with ThreadPoolExecutor(1) as pool:
            pool.submit(save_in_another_thread).result()
    assert ContentVersion.current().number > before


def test_content_editors_see_on_the_admin_home_the_pages_due_for_review(client, editor, back_spasms, front_desk_user):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    Condition.objects.filter(pk=back_spasms.pk).update(
        last_reviewed=today - datetime.timedelta(days=400), next_review_due=today - datetime.timedelta(days=2)
    )
    soon = Condition.objects.create(
        title="Sciatica", slug="sciatica", summary="s", next_review_due=today + datetime.timedelta(days=20)
    )
    Condition.objects.create(
        title="Later", slug="later", summary="s", next_review_due=today + datetime.timedelta(days=45)
    )
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    section = html[html.index("Condition pages: review due") :].split("</section>")[0]
    assert "Back Spasms" in section and "Overdue" in section and soon.title in section and "Later" not in section
    assert section.index("Back Spasms") < section.index("Sciatica")
    client.force_login(front_desk_user)
    assert "review due" not in client.get("/admin/").content.decode()


@pytest.fixture
def front_desk_user(django_user_model):
    from django.contrib.auth.models import Group

    from clinic_site.groups import FRONT_DESK

    user = django_user_model.objects.create_user("fd", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=FRONT_DESK))
    return user


def test_privacy_notices_are_the_content_editors_alone(front_desk_user, editor):
    """The data migration took the front desk's notice permissions away; content editors keep theirs."""
    assert not [p for p in front_desk_user.get_all_permissions() if p.startswith("notices.") or "privacynotice" in p]
    assert front_desk_user.has_perm("intake.export_submission")
    assert editor.has_perm("notices.change_noticeversion") and not editor.has_perm("intake.view_submission")
