"""Step 2 of 3: each intake privacy notice becomes a version of the Notice of Privacy Practices.

Each keeps its title and text as one section, its review flag as the sample flag, and takes
effect on the day it was written (clinic time); every submission is pointed at the version made
from the notice its patient acknowledged. On a database no patient has used (only the untouched
first sample, which no submission points at) nothing is carried over: `seed_content` then writes
the full sample Notice of Privacy Practices in its place.
"""

import importlib

from django.db import migrations
from django.utils import timezone

FIRST_SAMPLE = importlib.import_module("intake.migrations.0002_front_desk_group_and_privacy_notice").SAMPLE_NOTICE
SLUG = "privacy-practices"
TITLE = "Notice of Privacy Practices"
SUMMARY = (
    "How Resilient Performance Physical Therapy may use and share your health information, your rights over it, "
    "and how to reach our Privacy Officer."
)


def carry_over(apps, schema_editor):
    PrivacyNotice = apps.get_model("intake", "PrivacyNotice")
    Submission = apps.get_model("intake", "Submission")
    Notice = apps.get_model("notices", "Notice")
    NoticeVersion = apps.get_model("notices", "NoticeVersion")
    NoticeSection = apps.get_model("notices", "NoticeSection")

    old_notices = list(PrivacyNotice.objects.order_by("version"))
    acknowledged = Submission.objects.filter(privacy_notice__isnull=False).exists()
    untouched = all(old.version == 1 and old.text == FIRST_SAMPLE and old.needs_review for old in old_notices)
    if not old_notices or (untouched and not acknowledged):
        return
    notice, _ = Notice.objects.get_or_create(slug=SLUG, defaults={"title": TITLE, "summary": SUMMARY})
    for old in old_notices:
        version = NoticeVersion.objects.create(
            notice=notice, effective_on=timezone.localdate(old.created_at), is_sample=old.needs_review
        )
        # Kept as it was written and confirmed, not as of today (auto_now fields cannot be passed in).
        NoticeVersion.objects.filter(pk=version.pk).update(
            created_at=old.created_at, updated_at=old.confirmed_at or old.created_at
        )
        NoticeSection.objects.create(version=version, heading=old.title, body=old.text, position=1)
        Submission.objects.filter(privacy_notice=old).update(privacy_notice_version=version)


def carry_back(apps, schema_editor):
    """Undo: each version of the Notice of Privacy Practices becomes an intake privacy notice again."""
    PrivacyNotice = apps.get_model("intake", "PrivacyNotice")
    Submission = apps.get_model("intake", "Submission")
    NoticeVersion = apps.get_model("notices", "NoticeVersion")
    versions = NoticeVersion.objects.filter(notice__slug=SLUG).order_by("effective_on", "pk")
    for number, version in enumerate(versions, start=1):
        sections = list(version.sections.order_by("position", "pk"))
        old = PrivacyNotice.objects.create(
            version=number,
            title=(sections[0].heading if sections else "") or TITLE,
            text="\n\n".join(section.body for section in sections),
            needs_review=version.is_sample,
        )
        Submission.objects.filter(privacy_notice_version=version).update(privacy_notice=old)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0005_submission_privacy_notice_version"),
        ("notices", "0001_initial"),
    ]

    operations = [migrations.RunPython(carry_over, carry_back)]
