"""The notices a practice must post on its website, each kept in dated versions.

Six notices, each at a fixed address that the footer of every page links to: privacy practices
(HIPAA), nondiscrimination and language help (Section 1557), patient protections (No Surprises
Act), accessibility and website privacy. A notice's text lives in its versions. The version in
force is the newest whose effective date has come, in clinic time; a version dated in the future
takes over at midnight on its date with no save (the page cache knows when, see
`ContentVersion.bump`). Versions that have taken effect stay readable at a dated address, e.g.
/privacy-practices/2026-01-01/, because patients read and acknowledged them; their text can no
longer be changed.
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from . import languages, rules
from .text import PLACEHOLDER_HELP, blocks


class Notice(models.Model):
    class Page(models.TextChoices):
        PRIVACY_PRACTICES = "privacy-practices", "Notice of Privacy Practices (HIPAA)"
        NONDISCRIMINATION = "nondiscrimination", "Nondiscrimination notice (Section 1557)"
        LANGUAGE_HELP = "language-help", "Language help and taglines (Section 1557)"
        PATIENT_PROTECTIONS = "patient-protections", "Patient protections (No Surprises Act)"
        ACCESSIBILITY = "accessibility", "Accessibility statement"
        WEBSITE_PRIVACY = "website-privacy", "Website privacy statement"

    title = models.CharField(max_length=120, help_text="The page’s main heading, e.g. “Notice of Privacy Practices”.")
    slug = models.SlugField(
        "page",
        max_length=40,
        unique=True,
        choices=Page.choices,
        help_text="Which notice this is. It fixes the page address (e.g. /privacy-practices/), which the footer of "
        "every page links to.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in search engine results and link previews."
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "notice"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:page", kwargs={"slug": self.slug})

    @property
    def rule(self) -> tuple[str, list[str]]:
        """The rule this notice answers and the elements it must cover (for staff, never on the page)."""
        return rules.RULES.get(self.slug, ("", []))


class NoticeVersionQuerySet(models.QuerySet):
    def published(self, today=None):
        """What the public may read: versions whose effective date has come, in clinic time."""
        return self.filter(effective_on__lte=today or timezone.localdate())

    def in_force(self, slug: str, today=None) -> "NoticeVersion | None":
        """The version of a notice in force today, with its notice; None before the first takes effect."""
        return self.published(today).filter(notice__slug=slug).select_related("notice").first()

    def next_scheduled_at(self) -> datetime | None:
        """When the next dated version takes effect (midnight, clinic time), or None."""
        day = self.filter(effective_on__gt=timezone.localdate()).aggregate(day=models.Min("effective_on"))["day"]
        return None if day is None else timezone.make_aware(datetime.combine(day, time.min))


class NoticeVersion(models.Model):
    """The text of a notice from its effective date until a newer version takes effect."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="versions")
    effective_on = models.DateField(
        "effective from",
        help_text="The day this version replaces the one before, from midnight New York time. A future date "
        "schedules it: until then patients see the version in force. Once the day has come the text is "
        "kept as it was and cannot be changed; add a new version instead.",
    )
    is_sample = models.BooleanField(
        "sample, to be confirmed by the clinic",
        default=True,
        help_text="Ticked while this is sample text written for the practice; patients see it marked as a sample. "
        "Untick once the clinic has checked it against the rule (see “What the rule asks”).",
    )
    created_at = models.DateTimeField("written", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = NoticeVersionQuerySet.as_manager()

    class Meta:
        # Newest first; on one date, the version added last is the one in force.
        ordering = ["-effective_on", "-pk"]
        verbose_name = "notice version"

    def __str__(self) -> str:
        return f"{self.notice}, effective {self.effective_on:%B} {self.effective_on.day}, {self.effective_on.year}"

    def get_absolute_url(self) -> str:
        return reverse("notices:version", kwargs={"slug": self.notice.slug, "effective_on": self.effective_on})

    def clean(self) -> None:
        if self.effective_on is None or self.notice_id is None:
            return
        if self._state.adding and self.effective_on < timezone.localdate():
            raise ValidationError(
                {"effective_on": "A new version cannot take effect in the past: choose today or a later day."}
            )
        same_day = NoticeVersion.objects.filter(notice_id=self.notice_id, effective_on=self.effective_on)
        if same_day.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"effective_on": "This notice already has a version effective on that day: choose another day."}
            )

    @property
    def has_taken_effect(self) -> bool:
        return self.effective_on <= timezone.localdate()

    @property
    def takes_effect_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.effective_on, time.min))

    @property
    def modified_at(self) -> datetime:
        """When what the page shows last changed: the day it took effect, or a later edit (a sample confirmed)."""
        return max(self.takes_effect_at, self.updated_at, self.notice.updated_at)


class NoticeSection(models.Model):
    """One part of a notice version, with an optional heading."""

    version = models.ForeignKey(NoticeVersion, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(
        help_text="Plain text. Leave an empty line between paragraphs; start a line with “- ” to make a list item. "
        + PLACEHOLDER_HELP
    )
    position = models.PositiveSmallIntegerField("order", default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "section"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="one_notice_section_per_position",
                violation_error_message="Two sections cannot have the same order number.",
            ),
        ]

    def __str__(self) -> str:
        return self.heading or f"Section {self.position}"

    @property
    def blocks(self) -> list[tuple[str, str | list[str]]]:
        return blocks(self.body)


class Tagline(models.Model):
    """One line on /language-help/, in its own language and script, saying free help is a call away."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="taglines")
    language = models.CharField(max_length=10, choices=languages.CHOICES)
    text = models.TextField(
        help_text="In the language’s own script. Write {phone} where the phone number goes (the first clinic in "
        "Locations, in display order); it is filled in on the page."
    )
    is_sample = models.BooleanField(
        "sample translation",
        default=True,
        help_text="Ticked until the clinic has replaced or checked the translation (official ones come from the "
        "HHS Office for Civil Rights).",
    )
    position = models.PositiveSmallIntegerField("order", default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "tagline"
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "language"],
                name="one_tagline_per_language",
                violation_error_message="There is already a tagline in this language.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_language_display()

    def clean(self) -> None:
        if self.text.count("{phone}") != 1:
            raise ValidationError({"text": "Write {phone} once, where the phone number goes."})

    @property
    def language_info(self) -> languages.Language:
        return languages.BY_CODE[self.language]
