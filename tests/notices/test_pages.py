"""The notice pages as patients and search engines see them, through Django's test client."""

import datetime
import json
import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from clinic_site.models import ContentVersion
from intake import notifications
from intake.models import Submission
from locations.models import Location
from locations.seed import seed_locations
from notices import languages
from notices.models import Notice, NoticeVersion, Tagline
from tests.checks import PUBLIC_PAGES, html_errors
from tests.intake.factories import follow_up_data, self_pay_data

from .conftest import add_version, clinic_time

pytestmark = pytest.mark.django_db

NOTICE_PAGES = [f"/{slug}/" for slug in Notice.Page.values]
RIGHT_TO_LEFT = {"ar", "ur", "yi", "fa", "he", "ps"}


@pytest.fixture
def privacy_practices(db) -> Notice:
    """The Notice of Privacy Practices with a first version in force from January 1, 2026, and no other notice."""
    seed_locations()
    notice = Notice.objects.create(slug="privacy-practices", title="Notice of Privacy Practices", summary="How.")
    with time_machine.travel(clinic_time(2025, 12, 15, 9, 0), tick=False):
        add_version("privacy-practices", datetime.date(2026, 1, 1), "The January text.")
    return notice


def structured_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize("url", NOTICE_PAGES)
def test_each_notice_is_a_public_cached_page_marked_as_sample(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    notice = Notice.objects.get(slug=url.strip("/"))
    assert f"<h1>{notice.title}</h1>" in html
    assert "Sample text, to be confirmed by the clinic." in html
    assert f'<link rel="canonical" href="https://www.clinic.example{url}">' in html
    # No session, no cookie: the site and proxies may keep it.
    assert not response.cookies and "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    data = structured_data(html)
    assert data["@type"] == "WebPage" and data["url"] == f"https://www.clinic.example{url}"
    assert (
        datetime.datetime.fromisoformat(data["dateModified"])
        >= NoticeVersion.objects.in_force(notice.slug).takes_effect_at
    )


def test_the_rule_a_notice_answers_is_for_staff_only(client, seeded):
    html = client.get("/privacy-practices/").content.decode()
    assert "164.520" not in html and "45 CFR" not in html
    assert "164.520" in Notice.objects.get(slug="privacy-practices").rule[0]


def test_a_future_version_takes_over_at_midnight_on_its_date_and_the_old_one_keeps_its_address(
    client, privacy_practices
):
    with time_machine.travel(clinic_time(2026, 5, 20, 9, 0), tick=False):
        add_version("privacy-practices", datetime.date(2026, 6, 1), "The June text.")

    with time_machine.travel(clinic_time(2026, 5, 31, 23, 59, 0), tick=False):
        html = client.get("/privacy-practices/").content.decode()  # now in the page cache
        assert "The January text." in html and "The June text." not in html
        # A cached page is kept no longer than until the new version takes effect.
        assert ContentVersion.current().seconds_valid(600) == 60
        assert client.get("/privacy-practices/2026-06-01/").status_code == 404  # not public before its day

    with time_machine.travel(clinic_time(2026, 6, 1, 0, 0, 0), tick=False):
        html = client.get("/privacy-practices/").content.decode()
        assert "The June text." in html and "The January text." not in html
        assert 'Effective <time datetime="2026-06-01">June 1, 2026</time>' in html
        old = client.get("/privacy-practices/2026-01-01/").content.decode()
    assert "The January text." in old and "The June text." not in old
    assert 'replaced on <time datetime="2026-06-01">June 1, 2026</time>' in old
    assert "This is an earlier version of this notice" in old
    assert '<link rel="canonical" href="https://www.clinic.example/privacy-practices/2026-01-01/">' in old
    assert '<a href="/privacy-practices/2026-06-01/">Effective June 1, 2026</a> (in force today)' in old


def test_a_submission_keeps_the_version_its_patient_acknowledged(client, privacy_practices):
    january = NoticeVersion.objects.get(effective_on=datetime.date(2026, 1, 1))
    with time_machine.travel(clinic_time(2026, 5, 20, 9, 0), tick=False):
        june = add_version("privacy-practices", datetime.date(2026, 6, 1), "The June text.")
    location = Location.objects.active().first()

    with time_machine.travel(clinic_time(2026, 5, 31, 16, 0), tick=False):
        assert 'href="/privacy-practices/2026-01-01/"' in client.get("/follow-up/").content.decode()
        assert client.post("/follow-up/", follow_up_data(location)).status_code == 302
    before = Submission.objects.get()
    assert before.privacy_notice == january

    with time_machine.travel(clinic_time(2026, 6, 1, 9, 0), tick=False):
        assert 'href="/privacy-practices/2026-06-01/"' in client.get("/follow-up/").content.decode()
        assert client.post("/follow-up/", follow_up_data(location)).status_code == 302
        seen_before = client.get(before.privacy_notice.get_absolute_url()).content.decode()
    after = Submission.objects.exclude(pk=before.pk).get()
    before.refresh_from_db()
    assert (before.privacy_notice, after.privacy_notice) == (january, june)
    assert "The January text." in seen_before


def test_a_dated_address_shows_only_a_version_that_has_taken_effect(client, privacy_practices):
    with time_machine.travel(clinic_time(2026, 3, 1, 12, 0), tick=False):
        assert client.get("/privacy-practices/2026-01-01/").status_code == 200
        assert client.get("/privacy-practices/2026-01-02/").status_code == 404
        assert client.get("/privacy-practices/2026-02-30/").status_code == 404
        assert client.get("/privacy-practices/20260101/").status_code == 404
        assert client.get("/nondiscrimination/").status_code == 404  # no version yet
        in_force = client.get("/privacy-practices/2026-01-01/").content.decode()
    # The version in force at its dated address names the undated page as the one to index.
    assert '<link rel="canonical" href="https://www.clinic.example/privacy-practices/">' in in_force


def test_text_is_escaped_with_paragraphs_and_lists(client, privacy_practices):
    with time_machine.travel(clinic_time(2026, 3, 1, 12, 0), tick=False):
        version = NoticeVersion.objects.get()
        section = version.sections.get()
        section.body = "<script>alert('x')</script>\n\nYou may:\n- see & copy your record;\n- ask {phone}\nThe end."
        section.save()
        html = client.get("/privacy-practices/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<p>You may:</p>" in html
    phone = '<a href="tel:+12125550100" dir="ltr">(212) 555-0100</a>'
    assert f"<ul><li>see &amp; copy your record;</li><li>ask {phone}</li></ul>" in html
    assert "<p>The end.</p>" in html


def test_retention_periods_come_from_the_settings(client, seeded, settings):
    settings.INTAKE_RETAIN_IMAGES_DAYS = 30
    settings.INTAKE_RETAIN_SUBMISSIONS_DAYS = 6 * 365
    html = client.get("/website-privacy/").content.decode()
    assert "insurance card 30 days after we finish with your form" in html
    assert "the rest of what you sent 6 years after that" in html


@pytest.mark.parametrize(("url", "queries"), [("/privacy-practices/", 6), ("/language-help/", 7)])
@pytest.mark.parametrize("earlier", [0, 30])
def test_a_notice_page_makes_a_fixed_number_of_queries(
    client, seeded, url, queries, earlier, django_assert_num_queries, version_queries
):
    slug = url.strip("/")
    for day in range(earlier):
        add_version(slug, datetime.date(2025, 1, 1) + datetime.timedelta(days=day), "Older.", "Older still.")
    # content version, the notice's versions, the shown version's sections, the clinics with their weekly
    # and special hours (phone number, footer and its open now), and on /language-help/ the taglines
    with django_assert_num_queries(queries - 1 + version_queries):
        response = client.get(url)
    assert response.content.decode().count("/2025-") == earlier
    with django_assert_num_queries(version_queries):  # the content version only: served from the page cache
        assert client.get(url).content == response.content


def test_every_tagline_is_in_its_own_language_and_direction_with_the_phone_number(client, seeded):
    html = client.get("/language-help/").content.decode()
    found = re.findall(r'<li class="tagline" lang="([^"]+)" dir="(ltr|rtl)">(.*?)</li>', html, re.S)
    taglines = list(Tagline.objects.order_by("position"))
    assert [lang for lang, _, _ in found] == [t.language for t in taglines]
    assert set(languages.TOP_15) <= {lang for lang, _, _ in found}
    for lang, direction, content in found:
        assert direction == ("rtl" if lang in RIGHT_TO_LEFT else "ltr"), lang
        assert f'<strong class="tagline__language">{languages.BY_CODE[lang].native}</strong>' in content
        # The number stays left to right inside right-to-left text.
        assert '<a href="tel:+12125550100" dir="ltr">(212) 555-0100</a>' in content, lang
    assert {"ar", "ur", "yi"} <= {lang for lang, direction, _ in found if direction == "rtl"}
    assert "Sample translations, to be confirmed by the clinic." in html


def test_a_confirmed_tagline_loses_its_sample_mark_and_the_others_keep_theirs(client, seeded):
    Tagline.objects.filter(language="es").update(is_sample=False)
    html = client.get("/language-help/").content.decode()
    assert "Sample translations, to be confirmed by the clinic." not in html
    assert html.count("Sample translation, to be confirmed by the clinic.") == Tagline.objects.count() - 1


def test_every_public_page_links_to_the_six_notices(client, seeded):
    documents = {url: client.get(url).content.decode() for url in PUBLIC_PAGES}
    documents["500"] = render_to_string("500.html")
    documents["503"] = render_to_string("503.html")
    links = {
        "/privacy-practices/": "Privacy practices",
        "/nondiscrimination/": "Nondiscrimination",
        "/language-help/": "Language help",
        "/patient-protections/": "Patient protections",
        "/accessibility/": "Accessibility",
        "/website-privacy/": "Website privacy",
    }
    for name, html in documents.items():
        footer = html[html.index('<footer class="site-footer">') :]
        for href, text in links.items():
            assert f'<a href="{href}">{text}</a>' in footer, (name, text)
        assert '<a href="/language-help/" lang="es">Ayuda en su idioma</a>' in footer, name
        assert '<a href="/language-help/" lang="zh-Hant">語言協助</a>' in footer, name


def test_self_pay_links_to_patient_protections(client, seeded):
    assert 'href="/patient-protections/"' in client.get("/self-pay/").content.decode()


def test_the_sitemap_lists_each_notice_with_its_last_change(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    for slug in Notice.Page.values:
        version = NoticeVersion.objects.in_force(slug)
        entry = re.search(rf"<loc>https://www.clinic.example/{slug}/</loc>\s*<lastmod>([^<]+)</lastmod>", xml)
        assert entry, slug
        # The day in the clinics' time zone, as the sitemap writes it (late evening is already tomorrow in UTC).
        assert entry.group(1) == timezone.localdate(version.modified_at).isoformat()


def test_an_earlier_version_and_partly_confirmed_taglines_are_valid_html(client, seeded, tmp_path):
    add_version("privacy-practices", datetime.date(2025, 1, 1), "Older.\n\n- a list\n- of two")
    Tagline.objects.filter(language="ar").update(is_sample=False)
    documents = {url: client.get(url).content for url in ["/privacy-practices/2025-01-01/", "/language-help/"]}
    assert "This is an earlier version" in documents["/privacy-practices/2025-01-01/"].decode()
    assert html_errors(documents, tmp_path) == {}


def test_the_receipt_and_email_of_a_self_pay_registration_link_to_the_notices(client, seeded, mailoutbox):
    location = Location.objects.active().first()
    assert client.post("/self-pay/", self_pay_data(location)).status_code == 302
    notifications.deliver()  # what the outbox's sender does after the request
    receipt = client.get("/self-pay/received/").content.decode()
    assert '<a href="/privacy-practices/">Notice of Privacy Practices</a>' in receipt
    assert '<a href="/patient-protections/">patient protections page</a>' in receipt
    (email,) = [message for message in mailoutbox if message.to == ["priya@example.com"]]
    assert "https://www.clinic.example/privacy-practices/" in email.body
    assert "https://www.clinic.example/patient-protections/" in email.body
