"""seed_content writes a sample of each notice, once, covering what its rule asks."""

import pytest
from django.core.management import call_command

from notices import languages
from notices.models import Notice, NoticeVersion, Tagline
from notices.text import blocks, period

pytestmark = pytest.mark.django_db

# Words from each sample that show an element its rule requires (see notices.rules).
REQUIRED = {
    "privacy-practices": [
        "This notice describes how medical information about you may be used and disclosed and how you can get "
        "access to this information. Please review it carefully.",
        "To treat you",
        "To bill for your care",
        "To run our practice",
        "For workers' compensation claims",
        "New York, New Jersey or Connecticut protects some information more strictly",
        "unless you give us written permission",
        "fundraising",
        "Ask us not to use or share certain information",
        "If you pay for a service in full yourself",
        "Ask us to contact you in a particular way",
        "See or get a paper or electronic copy",
        "Ask us to correct information",
        "Get a list of the times we have shared your information",
        "Get a paper copy of this notice",
        "We will tell you promptly if a breach happens",
        "We must follow the notice in force",
        "We can change this notice",
        "Office for Civil Rights",
        "We will not act against you in any way for making a complaint.",
        "call our Privacy Officer at {phone}",
    ],
    "nondiscrimination": [
        "race, color, national origin (including limited English proficiency and primary language), age, "
        "disability or sex",
        "qualified sign language interpreters",
        "large print, braille",
        "reasonable changes to our policies",
        "qualified interpreters",
        "information written in other languages",
        "Call our Section 1557 Coordinator at {phone}",
        "You can file a grievance with us",
        "Office for Civil Rights Complaint Portal",
        "1-800-368-1019",
        "This notice is on our website",
    ],
    "language-help": ["free of charge", "free aids and services", "call {phone}"],
    "patient-protections": [
        "Good Faith Estimate",
        "within 1 business day",
        "within 3 business days",
        "up to 12 months",
        "at least $400 more",
        "within 120 calendar days",
        "$25",
        "collections",
        "1-800-985-3059",
        "www.cms.gov/nosurprises",
        "Department of Financial Services",
        "Department of Banking and Insurance",
        "Connecticut: Insurance Department",
    ],
    "accessibility": [
        "WCAG) 2.1 at level AA",
        "How we test",
        "axe-core",
        "Known limits",
        "call {phone}",
        "dial 711",
        "email",
        "reviewed on the date shown",
    ],
    "website-privacy": [
        "Only what you type or upload into one of our three forms",
        "It loads nothing from other websites",
        "no analytics, advertising or tracking",
        "{card_photos_kept}",
        "{forms_kept}",
        "Call our Privacy Officer at {phone}",
    ],
}


def text_of(slug: str) -> str:
    version = NoticeVersion.objects.in_force(slug)
    return "\n\n".join(f"{s.heading}\n{s.body}" for s in version.sections.all())


def test_seed_content_writes_each_notice_once_as_a_sample_covering_its_rule(capsys):
    call_command("seed_content")
    assert sorted(Notice.objects.values_list("slug", flat=True)) == sorted(Notice.Page.values)
    for slug, phrases in REQUIRED.items():
        assert NoticeVersion.objects.in_force(slug).is_sample, slug
        text = text_of(slug)
        for phrase in phrases:
            assert phrase in text, (slug, phrase)
    assert "Added sample notices." in capsys.readouterr().out
    call_command("seed_content")
    assert NoticeVersion.objects.count() == 6
    assert "Kept the existing notices." in capsys.readouterr().out


def test_the_taglines_cover_the_fifteen_languages_each_a_sample_with_the_phone_number():
    call_command("seed_content")
    taglines = list(Tagline.objects.all())
    assert set(languages.TOP_15) <= {t.language for t in taglines}
    assert len(languages.TOP_15) == 15
    for tagline in taglines:
        assert tagline.is_sample
        assert tagline.text.count("{phone}") == 1, tagline.language
        tagline.full_clean()


def test_seed_content_never_overwrites_an_edited_notice():
    call_command("seed_content")
    Notice.objects.filter(slug="accessibility").update(title="Edited by staff")
    NoticeVersion.objects.filter(notice__slug="accessibility").update(is_sample=False)
    call_command("seed_content")
    assert Notice.objects.get(slug="accessibility").title == "Edited by staff"
    assert not NoticeVersion.objects.in_force("accessibility").is_sample


def test_blocks_make_paragraphs_and_lists():
    text = "First line\nsecond line\n\nIntro:\n- one\n  - two\nAfter\n\n\n- alone"
    assert blocks(text) == [
        ("p", "First line\nsecond line"),
        ("p", "Intro:"),
        ("ul", ["one", "two"]),
        ("p", "After"),
        ("ul", ["alone"]),
    ]


def test_periods_read_as_people_say_them():
    assert [period(n) for n in (1, 90, 365, 2555, 400)] == ["1 day", "90 days", "1 year", "7 years", "400 days"]
