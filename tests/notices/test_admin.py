"""What content editors do with notices in the admin, and what the front desk may not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from notices.models import Notice, NoticeSection, NoticeVersion, Tagline
from tests.admin_forms import add_inline_rows, change_form_data

from .conftest import add_version

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def npp(seeded) -> NoticeVersion:
    return NoticeVersion.objects.in_force("privacy-practices")


def version_url(version: NoticeVersion) -> str:
    return reverse("admin:notices_noticeversion_change", args=[version.pk])


def new_version_data(notice: Notice, effective_on: datetime.date, body: str) -> dict:
    data = {
        "notice": str(notice.pk),
        "effective_on": effective_on.isoformat(),
        "is_sample": "on",
        "sections-INITIAL_FORMS": "0",
        "sections-TOTAL_FORMS": "0",
    }
    return add_inline_rows(data, "sections", [{"heading": "New", "body": body, "position": "1"}])


def test_a_content_editor_adds_a_version_dated_tomorrow(client, editor, npp):
    client.force_login(editor)
    assert client.get(reverse("admin:notices_notice_changelist")).status_code == 200
    response = client.post(
        reverse("admin:notices_noticeversion_add"), new_version_data(npp.notice, TOMORROW, "Revised text.")
    )
    assert response.status_code == 302
    scheduled = NoticeVersion.objects.get(notice=npp.notice, effective_on=TOMORROW)
    assert list(scheduled.sections.values_list("body", flat=True)) == ["Revised text."]
    assert NoticeVersion.objects.in_force("privacy-practices") == npp  # until tomorrow


def test_a_content_editor_edits_a_scheduled_version_and_the_taglines(client, editor, npp):
    scheduled = add_version("privacy-practices", TOMORROW, "Draft.")
    client.force_login(editor)
    data = change_form_data(client.get(version_url(scheduled)))
    data["sections-0-body"] = "Final."
    assert client.post(version_url(scheduled), data).status_code == 302
    assert scheduled.sections.get().body == "Final."

    language_help = Notice.objects.get(slug="language-help")
    url = reverse("admin:notices_notice_change", args=[language_help.pk])
    data = change_form_data(client.get(url))
    spanish = next(key for key, value in data.items() if key.endswith("-language") and value == ["es"])
    data[spanish.replace("-language", "-is_sample")] = ""
    assert client.post(url, data).status_code == 302
    assert not Tagline.objects.get(language="es").is_sample


def test_the_front_desk_cannot_open_or_change_notices(client, front_desk, npp):
    client.force_login(front_desk)
    for url in (
        reverse("admin:notices_notice_changelist"),
        reverse("admin:notices_notice_change", args=[npp.notice.pk]),
        reverse("admin:notices_noticeversion_changelist"),
        reverse("admin:notices_noticeversion_add"),
        version_url(npp),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("admin:notices_noticeversion_add"), new_version_data(npp.notice, TOMORROW, "Not allowed.")
    )
    assert response.status_code == 403
    assert not NoticeVersion.objects.filter(effective_on=TOMORROW).exists()


def test_a_superuser_can_change_notices(client, admin_user, npp):
    client.force_login(admin_user)
    assert client.get(version_url(npp)).status_code == 200
    assert client.get(reverse("admin:notices_notice_change", args=[npp.notice.pk])).status_code == 200


def test_a_version_in_force_keeps_its_text_and_date_but_can_be_confirmed(client, editor, npp):
    client.force_login(editor)
    page = client.get(version_url(npp))
    html = page.content.decode()
    assert 'name="sections-0-body"' not in html and 'name="effective_on"' not in html
    assert "45 CFR 164.520" in html  # what the rule asks, for staff
    data = change_form_data(page)
    data.update({"effective_on": TOMORROW.isoformat(), "sections-0-body": "Rewritten.", "is_sample": ""})
    assert client.post(version_url(npp), data).status_code == 302
    npp.refresh_from_db()
    assert npp.effective_on == timezone.localdate() and not npp.is_sample
    assert "Rewritten." not in npp.sections.values_list("body", flat=True)


def test_a_new_version_starts_from_a_copy_of_the_one_in_force(client, editor, npp):
    client.force_login(editor)
    html = client.get(reverse("admin:notices_noticeversion_add") + f"?copy={npp.pk}").content.decode()
    first = npp.sections.first()
    assert f'value="{first.position}"' in html and "This notice describes how medical information" in html
    assert f'name="effective_on" value="{TOMORROW.isoformat()}"' in html
    assert f'<option value="{npp.notice.pk}" selected>' in html


def test_a_version_cannot_start_in_the_past_or_on_a_day_already_taken(client, editor, npp):
    client.force_login(editor)
    url = reverse("admin:notices_noticeversion_add")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = client.post(url, new_version_data(npp.notice, yesterday, "Backdated."))
    assert "A new version cannot take effect in the past" in past.content.decode()
    taken = client.post(url, new_version_data(npp.notice, npp.effective_on, "Same day."))
    assert "already has a version effective on that day" in taken.content.decode()
    assert NoticeVersion.objects.filter(notice=npp.notice).count() == 1


def test_only_a_scheduled_version_can_be_withdrawn_and_no_notice_deleted(client, editor, npp):
    scheduled = add_version("privacy-practices", TOMORROW, "Draft.")
    client.force_login(editor)
    delete = "admin:notices_noticeversion_delete"
    assert client.post(reverse(delete, args=[npp.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(delete, args=[scheduled.pk]), {"post": "yes"}).status_code == 302
    assert not NoticeVersion.objects.filter(pk=scheduled.pk).exists()
    notice_delete = reverse("admin:notices_notice_delete", args=[npp.notice.pk])
    assert client.post(notice_delete, {"post": "yes"}).status_code == 403


def test_a_tagline_must_say_where_the_phone_number_goes(client, editor, seeded):
    language_help = Notice.objects.get(slug="language-help")
    client.force_login(editor)
    url = reverse("admin:notices_notice_change", args=[language_help.pk])
    data = change_form_data(client.get(url))
    arabic = next(key for key, value in data.items() if key.endswith("-language") and value == ["ar"])
    data[arabic.replace("-language", "-text")] = "اتصل بنا"
    response = client.post(url, data)
    assert response.status_code == 200 and "Write {phone} once" in response.content.decode()


def test_the_version_list_says_which_is_in_force(client, editor, npp):
    add_version("privacy-practices", TOMORROW, "Draft.")
    add_version("privacy-practices", npp.effective_on - datetime.timedelta(days=30), "Old.")
    client.force_login(editor)
    html = client.get(reverse("admin:notices_noticeversion_changelist") + f"?notice__id__exact={npp.notice.pk}")
    text = html.content.decode()
    assert text.count("In force") == 1 and "Scheduled" in text and "Earlier version" in text
    assert NoticeSection.objects.filter(version__notice=npp.notice).exists()


def test_no_second_notice_of_a_kind_can_be_added(client, editor, seeded):
    client.force_login(editor)
    assert client.get(reverse("admin:notices_notice_add")).status_code == 403
    Notice.objects.filter(slug="accessibility").delete()
    assert client.get(reverse("admin:notices_notice_add")).status_code == 200
