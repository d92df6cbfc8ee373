import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from clinic_site.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_seeded(seeded):
    call_command("seed_content")


def test_the_home_introduction_is_sample_text_until_staff_confirm_it(client, home_seeded):
    html = client.get("/").content.decode()
    assert "We are physical therapists who help you move without pain" in html
    assert "Sample introduction, to be confirmed by the clinic." in html


def test_an_editor_rewrites_the_introduction_and_the_home_page_shows_it(client, editor, home_seeded):
    client.get("/")  # cached now
    client.force_login(editor)
    url = reverse("admin:clinic_site_homepage_change", args=[HomePage.SINGLETON_ID])
    response = client.post(
        url, {"headline": "Move well again", "introduction": "First paragraph.\n\nSecond <b>one</b>."}
    )
    assert response.status_code == 302
    client.logout()
    html = client.get("/").content.decode()
    assertInHTML('<h1 class="hero__title">Move well again</h1>', html)
    assertInHTML('<div class="hero__lead"><p>First paragraph.</p><p>Second &lt;b&gt;one&lt;/b&gt;.</p></div>', html)
    assert "Sample introduction" not in html


def test_staff_cannot_add_a_second_home_page_or_delete_it(client, admin_user, home_seeded):
    client.force_login(admin_user)
    assert client.get(reverse("admin:clinic_site_homepage_add")).status_code == 403
    url = reverse("admin:clinic_site_homepage_delete", args=[HomePage.SINGLETON_ID])
    assert client.get(url).status_code == 403


def test_home_page_query_count_is_fixed(client, home_seeded, django_assert_num_queries, version_queries):
    # version, home page text, conditions; the clinics with their weekly and special hours
    # (call strip, clinic cards with open now, footer), the patient portal's address
    with django_assert_num_queries(version_queries + 6):
        client.get("/")


def test_the_home_page_and_follow_up_say_the_same_about_the_patient_portal(client, home_seeded, settings):
    from intake.models import PatientPortal

    settings.PATIENT_PORTAL_URL = ""
    for url in ("/", "/follow-up/"):
        html = client.get(url).content.decode()
        assert "patient portal is not available on this site yet" in html, url
        assert "Go to the patient portal" not in html, url
    # Staff set the address: the cached home page shows it on the next request, as /follow-up/ does.
    PatientPortal.objects.create(pk=PatientPortal.SINGLETON_ID, url="https://portal.example.org/login")
    for url in ("/", "/follow-up/"):
        html = client.get(url).content.decode()
        assert 'href="https://portal.example.org/login"' in html and "Go to the patient portal" in html, url
        assert "not available on this site yet" not in html, url
