"""What surrounds the clinic's words on a condition page: the call-and-book strip, the
contents, "Get care" and the urgent care card."""

import re

import pytest
from pytest_django.asserts import assertInHTML

from conditions.models import Section

from .test_pages import make_condition

pytestmark = pytest.mark.django_db

PHONES = ["tel:+12125550100", "tel:+19735550110", "tel:+19735550120", "tel:+12035550130"]
WAYS_IN = ["/new-patients/", "/follow-up/", "/self-pay/"]


def between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_under_the_title_each_clinic_phone_by_town_and_the_three_ways_in(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    strip = between(html, '<section class="quick-help"', "</section>")
    assert html.index("<h1>Back Spasms</h1>") < html.index('<section class="quick-help"')
    for phone in PHONES:
        assert f'href="{phone}"' in strip
    assert '<span class="quick-help__town">Wharton</span>' in strip
    for url in WAYS_IN:
        assert f'href="{url}"' in strip


def test_on_this_page_links_each_headed_section_in_order(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    contents = between(html, '<nav class="contents"', "</nav>")
    targets = re.findall(r'<a href="#(section-\d+)">([^<]+)</a>', contents)
    assert [title for _, title in targets] == [
        "Acute vs. Chronic Back Spasms",
        "What Does A Back Spasm Indicate?",
        "Back Spasm Symptoms",
        "When to get urgent help",
        "Back Spasm Causes",
        "Back Spasm Immediate Treatment",
        "Back Spasm Physical Therapy",
        "Contact Us",
    ]
    for target, _ in targets:
        assert f'id="{target}"' in html


def test_get_care_follows_the_first_section_with_open_now_and_the_three_ways_in(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    panel = between(html, '<section class="get-care"', "</section>")
    first_section = html.index('class="condition__section condition__section--overview"')
    second_section = html.index('class="condition__section condition__section--acute_vs_chronic"')
    assert first_section < html.index('<section class="get-care"') < second_section
    for phone in PHONES:
        assert f'href="{phone}"' in panel
    assert panel.count("Open now") + panel.count("Closed now") == 4
    for name, url in [
        ("Submit your insurance", "/new-patients/"),
        ("Book a follow-up", "/follow-up/"),
        ("Register as self-pay", "/self-pay/"),
    ]:
        assert f'<a class="book-links__link" href="{url}">{name}</a>' in panel


def test_the_seeded_urgent_card_is_marked_as_sample_and_lists_the_red_flags(client, seeded):
    urgent = Section.objects.get(condition__slug="back-spasms", kind=Section.Kind.URGENT)
    assert urgent.is_sample
    html = client.get("/conditions/back-spasms/").content.decode()
    card = between(html, '<section class="care-card care-card--urgent', "</section>")
    assert "Call 911 or go to the emergency room" in card
    items = re.findall(r"<li>([^<]+)</li>", card)
    assert len(items) == 5
    for flag in ("groin or buttocks", "bladder or bowel", "legs", "fever", "after a fall"):
        assert any(flag in item for item in items), flag
    assert "Sample text, to be confirmed by the clinic." in card
    # After the symptoms, as the clinic's order of sections has it.
    assert html.index('heading">Back Spasm Symptoms<') < html.index("care-card--urgent")
    assert html.index("care-card--urgent") < html.index('heading">Back Spasm Causes<')


def test_an_urgent_section_body_escapes_what_staff_type(client, seeded):
    condition = make_condition("Sciatica")
    Section.objects.create(
        condition=condition,
        kind=Section.Kind.URGENT,
        heading="Get help now",
        position=3,
        body="Call 911 if:\n- <b>leg</b> weakness\n- fever\nOr go to the emergency room.",
    )
    html = client.get("/conditions/sciatica/").content.decode()
    card = between(html, '<section class="care-card care-card--urgent', "</section>")
    assertInHTML("<ul><li>&lt;b&gt;leg&lt;/b&gt; weakness</li><li>fever</li></ul>", card)
    assertInHTML("<p>Or go to the emergency room.</p>", card)
    assert "Sample text" not in card


def test_the_summary_is_shown_unless_the_first_section_opens_with_it(client, seeded):
    back_spasms = client.get("/conditions/back-spasms/").content.decode()
    assert "condition__summary" not in back_spasms  # the overview opens with it: not twice in a row
    make_condition("Sciatica", summary="Pain along the sciatic nerve.")
    assertInHTML(
        '<p class="condition__summary">Pain along the sciatic nerve.</p>',
        client.get("/conditions/sciatica/").content.decode(),
    )


def test_a_page_without_an_image_has_no_empty_image_slot(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    assert "condition__hero" not in html and "<img" not in html.split("<main", 1)[1].split("</main>", 1)[0]
