from datetime import datetime

from django.db import models
from django.db.models import F
from django.utils import timezone


class SingletonModel(models.Model):
    """A table of one row (the site's home page text, a notice, a setting staff edit).

    `load()` reads it; saving always writes that one row, so a second can never appear.
    """

    SINGLETON_ID = 1

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The row staff saved, or an unsaved one holding the defaults until they do."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(pk=cls.SINGLETON_ID)


class ContentVersion(SingletonModel):
    """A counter that moves whenever public content changes, kept in the database.

    Cached pages are served only while the version they were built under is current, so a
    save by staff is seen on the next request by every app server, whatever each one holds in
    its own memory. A shared cache holds a copy, written once each save commits (see
    clinic_site.page_cache), so that a warm page needs no query. `changes_at` is the next moment
    content changes with no save (a scheduled page going live, a notice's next version taking
    effect); the first request after it moves the counter.
    """

    number = models.PositiveBigIntegerField(default=1)
    changes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"Content version {self.number}"

    @classmethod
    def current(cls) -> "ContentVersion":
        version = cls.load()
        if version._state.adding:
            # The counter must exist before the first bump, or that bump would store the
            # number already used as a cache key and cached pages would outlive the change.
            version, _ = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        if version.changes_at and version.changes_at <= timezone.now():
            cls.bump()
            version.refresh_from_db()
        return version

    @classmethod
    def bump(cls) -> None:
        """Record that public content changed (called on every save and delete of content)."""
        from conditions.models import Condition  # the content that can be scheduled
        from notices.models import NoticeVersion

        scheduled = [Condition.objects.next_scheduled_at(), NoticeVersion.objects.next_scheduled_at()]
        updated = cls.objects.filter(pk=cls.SINGLETON_ID).update(
            number=F("number") + 1, changes_at=min(filter(None, scheduled), default=None)
        )
        if not updated:
            cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        from .page_cache import publish_version  # the page cache builds on this model

        publish_version()

    def seconds_valid(self, longest: int, also_until: datetime | None = None) -> int:
        """How long a page built now may be kept: never past the next scheduled change, nor
        past `also_until` (when what the page shows changes with the clock, e.g. "open now")."""
        ends = [moment for moment in (self.changes_at, also_until) if moment is not None]
        if not ends:
            return longest
        return max(1, min(longest, int((min(ends) - timezone.now()).total_seconds())))


class HomePage(SingletonModel):
    """The home page's introduction, written for the practice and edited by staff."""

    headline = models.CharField(max_length=120, default="Resilient Performance Physical Therapy")
    introduction = models.TextField(
        help_text="Who the practice is, in a few plain sentences. Leave an empty line between paragraphs."
    )
    is_sample = models.BooleanField(
        "introduction is sample text",
        default=False,
        help_text="Ticked while the introduction is placeholder text. Untick once the clinic has approved it.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        verbose_name = "home page"
        verbose_name_plural = "home page"

    def __str__(self) -> str:
        return "Home page"

    def get_absolute_url(self) -> str:
        return "/"
