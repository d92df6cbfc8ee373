"""The public condition pages, through Django's test client."""

import json
import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from conditions.models import Cause, Condition, Rendition, Section, Symptom

pytestmark = pytest.mark.django_db

CLINIC_COPY = Path(__file__).with_name("clinic-copy-back-spasms.txt")


def page_text(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded, spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def make_condition(title="Sciatica", *, status=Condition.Status.PUBLISHED, symptoms=0, **fields) -> Condition:
    slug = fields.pop("slug", title.lower().replace(" ", "-"))
    condition = Condition.objects.create(
        title=title, slug=slug, summary=fields.pop("summary", f"About {title}."), status=status, **fields
    )
    Section.objects.create(condition=condition, kind=Section.Kind.OVERVIEW, body=f"{title} overview.", position=1)
    Section.objects.create(condition=condition, kind=Section.Kind.SYMPTOMS, heading="Symptoms", position=2)
    Symptom.objects.bulk_create(Symptom(condition=condition, text=f"Symptom {i}", position=i) for i in range(symptoms))
    return condition


def test_back_spasms_publishes_the_clinic_copy_word_for_word(client, seeded):
    text = page_text(client.get("/conditions/back-spasms/"))
    for line in CLINIC_COPY.read_text(encoding="utf-8").splitlines():
        line = line.strip().lstrip("•").strip()
        if line:
            assert line in text, f"missing from the page: {line!r}"
    assert text.count("Begin Now") == 3


def test_back_spasms_sections_come_in_the_copy_order_with_lists(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    # The clinic's own sections (the urgent care card, "On this page" and "Get care" are ours).
    headings = re.findall(r'<h2 id="section-\d+-heading">([^<]*)</h2>', html)
    assert headings == [
        "Acute vs. Chronic Back Spasms",
        "What Does A Back Spasm Indicate?",
        "Back Spasm Symptoms",
        "Back Spasm Causes",
        "Back Spasm Immediate Treatment",
        "Back Spasm Physical Therapy",
        "Contact Us",
    ]
    assert html.count('<ul class="condition__list">') == 2


def test_condition_page_links_to_the_four_locations_and_the_three_ways_in(client, seeded):
    html = client.get("/conditions/back-spasms/").content.decode()
    contact = html[html.index(">Contact Us<") :]
    for slug in ("manhattan", "chatham", "wharton", "darien"):
        assert f'href="/locations/{slug}/"' in contact
    for url in ("/new-patients/", "/follow-up/", "/self-pay/"):
        assert f'href="{url}"' in html


def test_condition_page_has_breadcrumbs_review_dates_and_search_engine_tags(client, seeded):
    response = client.get("/conditions/back-spasms/")
    html = response.content.decode()
    text = page_text(response)
    assert re.search(r"Home › Conditions › Back Spasms|Home\s+Conditions\s+Back Spasms", text)
    assert "Page last reviewed:" in text and "Next review due:" in text
    assert "Sample review details, to be confirmed by the clinic." in text
    summary = Condition.objects.get(slug="back-spasms").summary
    assertInHTML('<link rel="canonical" href="https://www.clinic.example/conditions/back-spasms/">', html)
    assertInHTML('<meta property="og:title" content="Back Spasms">', html)
    assertInHTML(f'<meta name="description" content="{escape(summary)}">', html)
    assertInHTML("<title>Back Spasms | Resilient Performance Physical Therapy</title>", html)


def structured_data(response) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_structured_data_describes_the_medical_page_and_its_breadcrumbs(client, seeded):
    graph = structured_data(client.get("/conditions/back-spasms/"))["@graph"]
    page, breadcrumbs = graph
    assert page["@type"] == "MedicalWebPage"
    assert page["lastReviewed"] == timezone.localdate().isoformat()
    about = page["about"]
    assert about["@type"] == "MedicalCondition"
    assert about["signOrSymptom"][0] == {"@type": "MedicalSignOrSymptom", "name": "Sudden, sharp pain in the back"}
    assert len(about["signOrSymptom"]) == 6
    assert len(about["cause"]) == 5
    assert [t["@type"] for t in about["possibleTreatment"]] == ["MedicalTherapy", "PhysicalTherapy"]
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == ["Home", "Conditions", "Back Spasms"]


def test_structured_data_is_safe_whatever_staff_type(client, seeded):
    hostile = '</script><script>alert("x")</script> & <!--'
    condition = Condition.objects.get(slug="back-spasms")
    condition.summary = hostile
    condition.save()
    Symptom.objects.filter(condition=condition, position=1).update(text=hostile)
    response = client.get("/conditions/back-spasms/")
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert html.count("</script>") == 1  # only the JSON-LD element's own end tag
    about = structured_data(response)["@graph"][0]["about"]
    assert about["description"] == hostile
    assert about["signOrSymptom"][0]["name"] == hostile


def test_staff_text_is_escaped_in_the_page(client, seeded):
    Section.objects.filter(condition__slug="back-spasms", kind="overview").update(
        body='<img src=x onerror=alert(1)> "quoted"\n\nSecond paragraph.'
    )
    html = client.get("/conditions/back-spasms/").content.decode()
    assert "<img src=x" not in html
    assertInHTML("<p>&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;</p><p>Second paragraph.</p>", html)


def test_an_empty_section_is_not_shown(client, seeded):
    Section.objects.filter(condition__slug="back-spasms", kind="indicates").update(body="  ")
    assert "What Does A Back Spasm Indicate?" not in client.get("/conditions/back-spasms/").content.decode()


def test_a_draft_condition_is_not_found_by_the_public(client, seeded):
    make_condition("Tennis Elbow", status=Condition.Status.DRAFT)
    assert client.get("/conditions/tennis-elbow/").status_code == 404
    assert "Tennis Elbow" not in client.get("/conditions/").content.decode()
    assert "tennis-elbow" not in client.get("/sitemap.xml").content.decode()
    assert "Tennis Elbow" not in client.get("/").content.decode()


def test_a_scheduled_condition_goes_live_at_its_time_without_a_save(client, seeded):
    go_live = timezone.now() + timedelta(days=2)
    make_condition("Frozen Shoulder", published_at=go_live)
    assert client.get("/conditions/frozen-shoulder/").status_code == 404
    assert "Frozen Shoulder" not in client.get("/conditions/").content.decode()  # and now cached
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert client.get("/conditions/frozen-shoulder/").status_code == 200
        assert "Frozen Shoulder" in client.get("/conditions/").content.decode()


def test_a_save_shows_on_the_next_request_even_when_the_page_was_cached(client, seeded):
    assert "Sudden, sharp pain in the back" in client.get("/conditions/back-spasms/").content.decode()
    symptom = Symptom.objects.get(condition__slug="back-spasms", position=1)
    symptom.text = "Sudden, stabbing pain in the lower back"
    symptom.save()
    html = client.get("/conditions/back-spasms/").content.decode()
    assert "Sudden, stabbing pain in the lower back" in html
    assert "Sudden, sharp pain in the back" not in html


def test_a_cached_page_is_served_with_one_query_and_a_validator(
    client, seeded, django_assert_num_queries, version_queries
):
    first = client.get("/conditions/back-spasms/")
    with django_assert_num_queries(version_queries):  # the content version; the page itself comes from the cache
        second = client.get("/conditions/back-spasms/")
    assert second.content == first.content
    assert "no-cache" in second["Cache-Control"] and "public" in second["Cache-Control"]
    assert client.get("/conditions/back-spasms/", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


@pytest.mark.parametrize("symptoms", [6, 60])
@pytest.mark.parametrize("image", [False, True])
def test_condition_page_query_count_does_not_grow_with_content(
    client, seeded, symptoms, image, django_assert_num_queries, version_queries
):
    condition = make_condition("Sciatica", symptoms=symptoms, hero_alt="A physical therapist" if image else "")
    if image:
        Rendition.objects.bulk_create(
            Rendition(condition=condition, digest="0123456789abcdef", width=w, height=w, data=b"") for w in (480, 960)
        )
    # version, condition, sections, symptoms, causes, related, and the image's widths when it
    # has one; the clinics with their weekly and special hours, read once by the call strip,
    # "Get care" and the footer; the patient portal's address (the follow-up card)
    with django_assert_num_queries(version_queries + 9 + image):
        response = client.get("/conditions/sciatica/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Symptom {symptoms - 1}" in html
    assert ("/conditions/images/0123456789abcdef-960.webp 960w" in html) is image


@pytest.mark.parametrize("count", [1, 299])
def test_index_query_count_does_not_grow_with_conditions(
    client, seeded, count, django_assert_num_queries, version_queries
):
    Condition.objects.bulk_create(
        Condition(title=f"Condition {i:03}", slug=f"condition-{i}", summary="s", status="published")
        for i in range(count)
    )
    # version, conditions, body areas in use; the footer's clinics with their hours (open now)
    with django_assert_num_queries(version_queries + 5):
        response = client.get("/conditions/")
    assert response.content.decode().count('href="/conditions/condition-') == count


def many_conditions(count: int, title: str = "Condition") -> None:
    Condition.objects.bulk_create(
        Condition(title=f"{title} {i:04}", slug=f"{title.lower()}-{i}", summary="s", status="published")
        for i in range(count)
    )


@pytest.mark.parametrize(("published", "drafts", "one_page"), [(299, 5, True), (300, 0, False)])
def test_the_a_to_z_is_one_page_up_to_300_published_conditions(client, seeded, published, drafts, one_page):
    many_conditions(published, "Condition")  # and Back Spasms, seeded
    Condition.objects.bulk_create(
        Condition(title=f"Draft {i}", slug=f"draft-{i}", summary="s", status="draft") for i in range(drafts)
    )
    html = client.get("/conditions/").content.decode()
    # One page lists every condition; one letter a page opens on the first letter in use, B.
    assert html.count('href="/conditions/condition-') == (published if one_page else 0)
    assert ('<a href="?letter=B" aria-current="page">B</a>' in html) is not one_page
    assert "/conditions/draft-" not in html


@pytest.mark.parametrize("count", [450, 3050])
def test_past_300_conditions_the_a_to_z_shows_one_letter_a_page(
    client, seeded, count, django_assert_num_queries, version_queries
):
    many_conditions(count, "Condition")
    many_conditions(3, "Ankle")
    # version, the first 301, body areas and letters in use, the letter's count, its page; the
    # clinics with their weekly and special hours
    with django_assert_num_queries(version_queries + 7):
        response = client.get("/conditions/")
    html = response.content.decode()
    assert html.count('href="/conditions/ankle-') == 3  # the first letter in use
    assert 'href="/conditions/condition-' not in html
    assert '<a href="?letter=A" aria-current="page">A</a>' in html
    assert '<a href="?letter=C">C</a>' in html and '<span class="az-nav__empty">Z</span>' in html
    letter_c = client.get("/conditions/", {"letter": "c"}).content.decode()
    assert 'href="/conditions/back-spasms/"' not in letter_c
    assert letter_c.count('href="/conditions/condition-') == 100  # a page of the letter
    assert '<a href="?letter=C&amp;page=2" rel="next">Next page</a>' in letter_c
    last = client.get("/conditions/", {"letter": "C", "page": str(count // 100 + 1)}).content.decode()
    assert last.count('href="/conditions/condition-') == count % 100
    assert "Next page" not in last and 'rel="prev"' in last


def test_search_results_come_20_a_page_with_their_count(client, seeded, django_assert_num_queries, version_queries):
    many_conditions(45, "Sprain")
    # version, body areas, the count, the page; the clinics with their weekly and special hours
    with django_assert_num_queries(version_queries + 6):
        first = client.get("/conditions/", {"q": "sprain"})
    assert "45 conditions found for “sprain”, page 1 of 3" in page_text(first)
    assert first.content.decode().count('href="/conditions/sprain-') == 20
    assert '<a href="?q=sprain&amp;page=2" rel="next">Next page</a>' in first.content.decode()
    third = client.get("/conditions/", {"q": "sprain", "page": "3"}).content.decode()
    assert third.count('href="/conditions/sprain-') == 5
    # A page past the end shows the last one; made-up page numbers share the first's copy.
    assert client.get("/conditions/", {"q": "sprain", "page": "99"}).content.decode().count("Sprain 0044") == 1
    assert client.get("/conditions/", {"q": "sprain", "page": "x"}).content == first.content


def test_index_groups_conditions_by_letter_with_a_to_z_navigation(client, seeded):
    make_condition("Achilles Tendinitis")
    make_condition("3 Common Knee Injuries", slug="knee-injuries")
    html = client.get("/conditions/").content.decode()
    assert '<a href="#letter-A">A</a>' in html
    assert '<a href="#letter-B">B</a>' in html
    assert '<span class="az-nav__empty">Z</span>' in html
    assert html.index('id="letter-A"') < html.index('id="letter-B"')
    assert 'id="letter-#"' in html


@pytest.mark.parametrize(
    ("query", "found"),
    [("spasm", True), ("involuntarily", True), ("range of motion", True), ("sciatica", True), ("unicorn", False)],
)
def test_search_covers_title_summary_symptoms_and_causes(client, seeded, query, found):
    response = client.get("/conditions/", {"q": query})
    html = response.content.decode()
    assert ('href="/conditions/back-spasms/"' in html) is found
    assert ("1 condition found" if found else f"No conditions found for “{query}”") in page_text(response)


def test_search_echoes_the_query_escaped_and_bounded(client, seeded):
    response = client.get("/conditions/", {"q": "<b>x</b>" + "a" * 500})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_related_conditions_link_only_to_published_pages(client, seeded):
    back = Condition.objects.get(slug="back-spasms")
    live = make_condition("Sciatica")
    also_live = make_condition("Hip Pain")
    draft = make_condition("Tennis Elbow", status=Condition.Status.DRAFT)
    scheduled = make_condition("Knee Pain", published_at=timezone.now() + timedelta(days=1))
    back.related.add(live, also_live, draft, scheduled)
    html = client.get("/conditions/back-spasms/").content.decode()
    related = html[html.index('id="related-heading"') :]
    assert re.findall(r'href="/conditions/([a-z-]+)/"', related) == ["hip-pain", "sciatica"]  # by title
    assert "tennis-elbow" not in html and "knee-pain" not in html


def test_conditions_pages_refuse_writes(client, seeded):
    assert client.post("/conditions/back-spasms/").status_code == 405
    assert client.post("/conditions/").status_code == 405


def test_the_review_date_must_come_after_the_last_review(seeded):
    from django.core.exceptions import ValidationError

    condition = Condition.objects.get(slug="back-spasms")
    condition.next_review_due = condition.last_reviewed - timedelta(days=1)
    with pytest.raises(ValidationError, match="next review must be due after"):
        condition.full_clean()


def test_a_cause_list_item_keeps_its_order(client, seeded):
    Cause.objects.filter(condition__slug="back-spasms", position=5).update(position=0)
    html = client.get("/conditions/back-spasms/").content.decode()
    assert html.index("Underlying conditions like herniated discs") < html.index("Overexertion or Strain")


def test_made_up_query_strings_share_one_cached_copy(client, seeded, django_assert_num_queries, version_queries):
    client.get("/conditions/back-spasms/")
    with django_assert_num_queries(version_queries):  # the content version only: served from the cache
        assert client.get("/conditions/back-spasms/?utm_source=x&n=1").status_code == 200


def test_each_search_is_cached_apart(client, seeded):
    assert "1 condition found" in page_text(client.get("/conditions/", {"q": "spasm"}))
    assert "No conditions found for “unicorn”" in page_text(client.get("/conditions/", {"q": "unicorn"}))


def test_a_search_with_no_results_says_so_once_with_the_a_to_z_and_the_clinics_phones(client, seeded):
    html = client.get("/conditions/", {"q": "unicorn"}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert text.count("No conditions") == 1 and "0 conditions" not in text
    message = html[html.index("No conditions found") : html.index("</p>", html.index("No conditions found"))]
    assert 'href="/conditions/">all conditions A to Z</a>' in message
    assert 'href="tel:+12125550100"' in message and 'href="tel:+12035550130"' in message


def test_letters_without_conditions_are_plain_text_not_links(client, seeded):
    html = client.get("/conditions/").content.decode()
    nav = html[html.index('aria-label="Conditions by letter"') :]
    nav = nav[: nav.index("</nav>")]
    assert '<a href="#letter-B">B</a>' in nav
    assert '<span class="az-nav__empty">Q</span>' in nav and 'href="#letter-Q"' not in nav


def test_condition_page_dates_are_written_the_us_way(client, seeded):
    condition = Condition.objects.get(slug="back-spasms")
    Condition.objects.filter(pk=condition.pk).update(
        last_reviewed=date(2026, 12, 2), next_review_due=date(2027, 12, 1)
    )
    response = client.get("/conditions/back-spasms/")
    text = page_text(response)
    assert "Page last reviewed: December 2, 2026" in text
    assert "Next review due: December 1, 2027" in text
    # and for machines, as ISO dates
    html = response.content.decode()
    assert '<time datetime="2026-12-02">December 2, 2026</time>' in html
    assert '<time datetime="2027-12-01">December 1, 2027</time>' in html


def test_index_lists_conditions_by_body_area(client, seeded):
    make_condition("Tennis Elbow", region=Condition.Region.ARM)
    html = client.get("/conditions/").content.decode()
    assert '<a href="?region=back">Back and spine</a>' in html
    assert '<a href="?region=arm">Elbow, wrist and hand</a>' in html
    response = client.get("/conditions/", {"region": "arm"})
    assert "1 condition found in elbow, wrist and hand" in page_text(response)
    assert 'href="/conditions/tennis-elbow/"' in response.content.decode()
    assert 'href="/conditions/back-spasms/"' not in response.content.decode()


def test_an_unknown_body_area_shows_every_condition(client, seeded):
    response = client.get("/conditions/", {"region": "<script>"})
    assert response.status_code == 200
    assert 'href="/conditions/back-spasms/"' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_index_sorts_by_letter_whatever_the_case_and_puts_digits_last(client, seeded):
    make_condition("achilles tendinitis", slug="achilles")
    make_condition("3 Common Knee Injuries", slug="knee-injuries")
    html = client.get("/conditions/").content.decode()
    assert html.count('id="letter-A"') == 1
    assert html.index('id="letter-A"') < html.index('id="letter-B"') < html.index('id="letter-#"')
