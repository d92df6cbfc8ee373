"""What content editors do in the admin, through Django's test client."""

import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertInHTML
from reversion.models import Version

from conditions.models import Condition, Rendition, Symptom
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_spasms(seeded) -> Condition:
    return Condition.objects.get(slug="back-spasms")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(condition: Condition) -> str:
    return reverse("admin:conditions_condition_change", args=[condition.pk])


def photo(width=1200, height=800, fmt="JPEG", gps=False) -> io.BytesIO:
    image = Image.new("RGB", (width, height), (30, 120, 160))
    buffer = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "N", 2: (40.0, 44.0, 54.0), 3: "W", 4: (73.0, 59.0, 8.0)}
        exif[0x010F] = "CameraMaker"
    image.save(buffer, fmt, exif=exif) if fmt == "JPEG" else image.save(buffer, fmt)
    buffer.seek(0)
    buffer.name = f"photo.{fmt.lower()}"
    return buffer


def save(editor_client, condition, **changes):
    data = change_form_data(editor_client.get(change_url(condition)))
    data.update(changes)
    return editor_client.post(change_url(condition), data)


def test_editor_changes_a_symptom_and_the_public_page_shows_it_at_once(client, editor, back_spasms):
    assert "Sudden, sharp pain in the back" in client.get(back_spasms.get_absolute_url()).content.decode()
    client.force_login(editor)
    data = change_form_data(client.get(change_url(back_spasms)))
    index = next(k for k, v in data.items() if v == "Sudden, sharp pain in the back")
    data[index] = "Sudden, sharp pain anywhere in the back"
    response = client.post(change_url(back_spasms), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    client.logout()
    html = client.get(back_spasms.get_absolute_url()).content.decode()
    assert "Sudden, sharp pain anywhere in the back" in html


def test_the_change_list_filters_by_status_and_review_and_searches_symptoms(editor_client, back_spasms):
    url = reverse("admin:conditions_condition_changelist")
    assert "Back Spasms" in editor_client.get(url, {"status__exact": "published"}).content.decode()
    assert "Back Spasms" not in editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Back Spasms" not in editor_client.get(url, {"review": "overdue"}).content.decode()
    assert "Back Spasms" in editor_client.get(url, {"q": "range of motion"}).content.decode()


def test_change_form_links_to_the_public_page(editor_client, back_spasms):
    html = editor_client.get(change_url(back_spasms)).content.decode()
    assert reverse("admin:view_on_site", args=[_content_type_id(), back_spasms.pk]) in html


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Condition).pk


def test_a_draft_is_visible_to_staff_in_preview_only(client, editor, back_spasms):
    back_spasms.status = Condition.Status.DRAFT
    back_spasms.save()
    preview = reverse("admin:conditions_condition_preview", args=[back_spasms.pk])
    assert client.get(back_spasms.get_absolute_url()).status_code == 404
    anonymous = client.get(preview)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    client.force_login(editor)
    response = client.get(preview)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page is a draft: the public cannot see it." in html
    assert "Sudden, sharp pain in the back" in html
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_staff_without_the_content_permission_cannot_preview(client, django_user_model, back_spasms):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 16, is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:conditions_condition_preview", args=[back_spasms.pk])).status_code == 403


def test_every_save_keeps_a_version_that_can_be_restored(client, editor, back_spasms):
    client.force_login(editor)
    original = Version.objects.get_for_object(back_spasms).get()  # made by seed_content
    response = save(client, back_spasms, summary="A shorter summary.")
    assert response.status_code == 302
    versions = Version.objects.get_for_object(back_spasms)
    assert versions.count() == 2
    assert versions.first().revision.user == editor

    history = client.get(reverse("admin:conditions_condition_history", args=[back_spasms.pk]))
    assert history.status_code == 200
    assert "editor" in history.content.decode()

    revert_url = reverse("admin:conditions_condition_revision", args=[back_spasms.pk, original.pk])
    assert client.get(revert_url).status_code == 200
    data = change_form_data(client.get(revert_url))
    assert client.post(revert_url, data).status_code == 302
    back_spasms.refresh_from_db()
    assert back_spasms.summary.startswith("Back spasms occur when muscles")
    assert "Back spasms occur when muscles" in client.get(back_spasms.get_absolute_url()).content.decode()


def test_admin_history_records_who_changed_what(client, editor, back_spasms):
    client.force_login(editor)
    save(client, back_spasms, summary="Edited.")
    entry = LogEntry.objects.get(object_id=str(back_spasms.pk))
    assert entry.user == editor
    assert "Summary" in entry.get_change_message()


def test_a_hero_image_becomes_webp_renditions_without_metadata(client, editor, back_spasms):
    client.force_login(editor)
    response = save(
        client, back_spasms, hero_image=photo(2000, 1200, gps=True), hero_alt="A physical therapist at work"
    )
    assert response.status_code == 302
    widths = sorted(Rendition.objects.filter(condition=back_spasms).values_list("width", flat=True))
    assert widths == [480, 960, 1600]
    client.logout()
    html = client.get(back_spasms.get_absolute_url()).content.decode()
    assert 'alt="A physical therapist at work"' in html
    src = re.search(r'srcset="([^"]+)"', html).group(1)
    assert "480w" in src and "1600w" in src
    url = src.split()[0]
    image_response = client.get(url)
    assert image_response["Content-Type"] == "image/webp"
    assert "immutable" in image_response["Cache-Control"]
    with Image.open(io.BytesIO(image_response.content)) as image:
        assert image.format == "WEBP" and image.width == 480
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_hero_image_needs_a_description(client, editor, back_spasms):
    client.force_login(editor)
    response = save(client, back_spasms, hero_image=photo(), hero_alt="")
    assert response.status_code == 200
    assert "Describe the image for people who cannot see it." in response.content.decode()
    assert not Rendition.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "Upload a valid image"),
        (photo(200, 150), "Use one at least 480 wide"),
        (photo(800, 600, fmt="GIF"), "Upload a JPEG, PNG or WebP photo."),
    ],
    ids=["svg", "too-small", "gif"],
)
def test_a_bad_hero_image_is_refused_with_a_message(client, editor, back_spasms, upload, message):
    upload.name = getattr(upload, "name", "image.jpg")
    client.force_login(editor)
    response = save(client, back_spasms, hero_image=upload, hero_alt="Alt")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rendition.objects.exists()


def test_removing_the_hero_image(client, editor, back_spasms):
    client.force_login(editor)
    save(client, back_spasms, hero_image=photo(), hero_alt="Alt")
    assert Rendition.objects.exists()
    save(client, back_spasms, remove_hero_image="on")
    assert not Rendition.objects.exists()


def test_content_editors_can_edit_conditions_and_locations(editor):
    for perm in ("conditions.change_condition", "conditions.add_symptom", "locations.change_location"):
        assert editor.has_perm(perm), perm


def test_new_conditions_start_as_drafts(editor_client):
    html = editor_client.get(reverse("admin:conditions_condition_add")).content.decode()
    assertInHTML('<option value="draft" selected>Draft (not on the site)</option>', html)
    assert Symptom.objects.count() == 0
