"""Sample notices for a new site, each marked as sample until the clinic confirms it."""

from django.db import transaction
from django.utils import timezone

from .models import Notice, NoticeSection, NoticeVersion, Tagline
from .samples import SAMPLES


@transaction.atomic
def seed_notices() -> bool:
    """Write each sample notice whose page does not exist yet, effective today; True if any was written.

    Each notice counts as a kind of its own: one that exists (edited, or carried over from the
    intake privacy notice) is never touched. Staff cannot delete notices, so none comes back.
    """
    existing = set(Notice.objects.values_list("slug", flat=True))
    added = False
    for slug, sample in SAMPLES.items():
        if slug in existing:
            continue
        notice = Notice.objects.create(slug=slug, title=sample["title"], summary=sample["summary"])
        version = NoticeVersion.objects.create(notice=notice, effective_on=timezone.localdate(), is_sample=True)
        NoticeSection.objects.bulk_create(
            NoticeSection(version=version, heading=heading, body=body, position=position)
            for position, (heading, body) in enumerate(sample["sections"], start=1)
        )
        Tagline.objects.bulk_create(
            Tagline(notice=notice, language=language, text=text, is_sample=True, position=position)
            for position, (language, text) in enumerate(sample.get("taglines", []), start=1)
        )
        added = True
    return added
