"""Sample condition pages for a new site: Back Spasms, in the clinic's own words."""

import json
from datetime import date
from pathlib import Path

import reversion
from django.db import transaction
from django.utils import timezone

from .models import Cause, Condition, Section, Symptom

BACK_SPASMS = Path(__file__).with_name("seed_back_spasms.json")

# The clinic's copy has no "when to get urgent help": this sample, from the red flags
# clinicians list for back pain, is marked as sample until a clinician confirms it.
SAMPLE_URGENT_SECTION = {
    "kind": Section.Kind.URGENT,
    "heading": "When to get urgent help",
    "body": "Call 911 or go to the emergency room if you have back pain and:\n"
    "- numbness or tingling in your groin or buttocks\n"
    "- loss of bladder or bowel control\n"
    "- weakness or numbness in one or both legs\n"
    "- a fever, or you feel hot and shivery\n"
    "- pain that started after a fall or an accident",
    "is_sample": True,
}


@transaction.atomic
@reversion.create_revision()
def seed_conditions() -> bool:
    """Publish Back Spasms unless any condition exists (so edits and deletions stand)."""
    if Condition.objects.exists():
        return False
    data = json.loads(BACK_SPASMS.read_text(encoding="utf-8"))
    today = timezone.localdate()
    condition = Condition.objects.create(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        region=data["region"],
        status=Condition.Status.PUBLISHED,
        last_reviewed=today,
        reviewed_by="Sample reviewer",
        next_review_due=date(today.year + 1, today.month, 1),
        review_details_are_sample=True,
    )
    sections = []
    for section in data["sections"]:
        sections.append(section)
        if section["kind"] == Section.Kind.SYMPTOMS:
            sections.append(SAMPLE_URGENT_SECTION)
    Section.objects.bulk_create(
        Section(condition=condition, position=i, **section) for i, section in enumerate(sections, start=1)
    )
    Symptom.objects.bulk_create(
        Symptom(condition=condition, position=i, text=text) for i, text in enumerate(data["symptoms"], start=1)
    )
    Cause.objects.bulk_create(
        Cause(condition=condition, position=i, text=text) for i, text in enumerate(data["causes"], start=1)
    )
    reversion.set_comment("Sample content from the clinic’s copy.")
    reversion.add_to_revision(condition)
    return True
