from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from clinic_site.compiled import CompiledQuery


class ConditionQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and its publish time has come."""
        return self.filter(status=Condition.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_scheduled_at(self):
        """When the next scheduled page goes live, or None."""
        return self.filter(status=Condition.Status.PUBLISHED, published_at__gt=timezone.now()).aggregate(
            at=models.Min("published_at")
        )["at"]

    def search(self, query: str):
        """Conditions whose title, summary, symptoms or causes contain the query."""
        return self.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Exists(Symptom.objects.filter(condition=OuterRef("pk"), text__icontains=query))
            | Exists(Cause.objects.filter(condition=OuterRef("pk"), text__icontains=query))
        )


class Condition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (not on the site)"
        PUBLISHED = "published", "Published"

    class Region(models.TextChoices):
        BACK = "back", "Back and spine"
        NECK = "neck", "Neck"
        SHOULDER = "shoulder", "Shoulder"
        ARM = "arm", "Elbow, wrist and hand"
        HIP = "hip", "Hip and pelvis"
        KNEE = "knee", "Knee"
        FOOT = "foot", "Ankle and foot"
        WHOLE_BODY = "whole_body", "Whole body"

    title = models.CharField(max_length=120, help_text="The page’s main heading, e.g. “Back Spasms”.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of the page address: back-spasms → /conditions/back-spasms/. "
        "Changing it breaks links people have saved.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences shown in the A to Z list and in search engine results.",
    )
    region = models.CharField("body region", max_length=20, choices=Region.choices, default=Region.WHOLE_BODY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish from",
        default=timezone.now,
        help_text="A published page goes live at this time. Set a future time to schedule it.",
    )
    last_reviewed = models.DateField("last reviewed", null=True, blank=True)
    reviewed_by = models.CharField(
        "reviewed by", max_length=120, blank=True, help_text="The clinician who checked the page."
    )
    next_review_due = models.DateField("next review due", null=True, blank=True)
    review_details_are_sample = models.BooleanField(
        "review details are sample",
        default=False,
        help_text="Ticked while the review date and reviewer are placeholders. "
        "Untick once a clinician has reviewed the page.",
    )
    related = models.ManyToManyField(
        "self", blank=True, verbose_name="related conditions", help_text="Linked at the foot of the page."
    )
    hero_alt = models.CharField(
        "hero image description",
        max_length=200,
        blank=True,
        help_text="Describes the picture for people who cannot see it. Required with an image.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    # The title's first character in capitals, kept and indexed by the database, so one letter
    # of the A to Z is an index lookup however many conditions there are.
    initial = models.GeneratedField(
        expression=Upper(Substr("title", 1, 1)), output_field=models.CharField(max_length=1), db_persist=True
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            # One letter of the A to Z; the letters and body areas in use, read from the index alone.
            models.Index(fields=["initial", "status", "published_at"], name="condition_initial"),
            models.Index(fields=["status", "published_at", "region", "initial"], name="condition_in_use"),
        ]
        constraints = [
            models.CheckConstraint(
                name="review_due_after_last_review",
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gt=models.F("last_reviewed")),
                violation_error_message="The next review must be due after the last review.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conditions:detail", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    # What a condition page shows is read through the lookups at the end of this module, one
    # query each, compiled once per connection (clinic_site.compiled): the page is the one built
    # most often.
    @classmethod
    def live_page(cls, slug: str) -> "Condition | None":
        """The published condition at this address whose publish time has come, or None."""
        found = _condition_by_slug(slug)
        return found[0] if found and found[0].is_live else None

    @cached_property
    def hero_renditions(self) -> list["Rendition"]:
        """The hero image's widths, narrowest first (empty without an image).

        An image is shown only with its description, which the admin requires with one: a page
        without a description (most have no image) asks the database nothing."""
        if not self.hero_alt.strip():
            return []
        return _renditions(self.pk)

    @cached_property
    def section_list(self) -> list["Section"]:
        return _sections(self.pk)

    @cached_property
    def symptom_list(self) -> list["Symptom"]:
        return _symptoms(self.pk)

    @cached_property
    def cause_list(self) -> list["Cause"]:
        return _causes(self.pk)

    @cached_property
    def live_related(self) -> list["Condition"]:
        """The related conditions the public may see, by title."""
        return [other for other in _related(self.pk) if other.is_live]

    @cached_property
    def page_sections(self) -> list[tuple["Section", list["ListItem"]]]:
        """The sections a reader sees, in order, each with its list (symptoms or causes).

        A section with no text and no list is left out, and so is its line in the contents.
        """
        lists = {Section.Kind.SYMPTOMS: self.symptom_list, Section.Kind.CAUSES: self.cause_list}
        shown = []
        for section in self.section_list:
            items = lists.get(section.kind, [])
            if section.body.strip() or items:
                shown.append((section, items))
        return shown

    @property
    def has_contents(self) -> bool:
        """Whether the page has two or more headed sections to list under "On this page"."""
        return sum(1 for s, _ in self.page_sections if s.heading or s.kind == Section.Kind.URGENT) >= 2

    @property
    def summary_is_new(self) -> bool:
        """Whether the summary says something the first section does not already open with
        (Back Spasms' overview starts with it: shown twice, it would read as a mistake)."""
        first = self.page_sections[0][0].body.strip() if self.page_sections else ""
        return bool(self.summary.strip()) and not first.startswith(self.summary.strip())

    @property
    def index_letter(self) -> str:
        first = self.title[:1].upper()
        return first if first.isalpha() else "#"


class Section(models.Model):
    """One part of a condition page. Its kind tells the layout and search engines what it is."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", "Overview"
        ACUTE_VS_CHRONIC = "acute_vs_chronic", "Acute vs chronic"
        INDICATES = "indicates", "What it indicates"
        SYMPTOMS = "symptoms", "Symptoms (lists the symptoms below)"
        CAUSES = "causes", "Causes (lists the causes below)"
        IMMEDIATE_TREATMENT = "immediate_treatment", "Immediate treatment"
        PHYSICAL_THERAPY = "physical_therapy", "Physical therapy"
        URGENT = "urgent", "When to get urgent help (a red urgent care card; lines starting “- ” make a list)"
        CONTACT = "contact", "Contact us (followed by the locations)"
        OTHER = "other", "Other"

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    heading = models.CharField(
        max_length=200, blank=True, help_text="Leave blank on the overview: it sits under the page title."
    )
    body = models.TextField(
        blank=True,
        help_text="Plain text. Leave an empty line between paragraphs. A section with no text "
        "(and, for symptoms or causes, no items) is not shown.",
    )
    position = models.PositiveSmallIntegerField("order", default=0)
    is_sample = models.BooleanField(
        "sample text",
        default=False,
        help_text="Ticked while the text is a placeholder the clinic has not confirmed: the page says so. "
        "Untick once a clinician has checked it.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "position"],
                name="one_section_per_position",
                violation_error_message="Two sections cannot have the same order number.",
            ),
        ]

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()

    @property
    def anchor(self) -> str:
        """The section's id on the page, for the contents' links. A string: the template
        engine would localise a bare number on each of its five uses."""
        return f"section-{self.pk}"

    @property
    def blocks(self) -> list[tuple[str, str | list[str]]]:
        """The body as ("paragraph", text) and ("list", lines): lines starting "- " make a
        bulleted list, as urgent care cards need; other lines are paragraphs."""
        blocks: list[tuple[str, str | list[str]]] = []
        for raw in self.body.splitlines():
            line = raw.strip()
            if line.startswith("- "):
                if not blocks or blocks[-1][0] != "list":
                    blocks.append(("list", []))
                blocks[-1][1].append(line[2:].strip())
            elif line:
                blocks.append(("paragraph", line))
        return blocks


class ListItem(models.Model):
    """An ordered line in a list of symptoms or causes."""

    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField("order", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Symptom(ListItem):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="symptoms")


class Cause(ListItem):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="causes")


class Rendition(models.Model):
    """One width of a condition's hero image, re-encoded by Pillow and kept in the database.

    Keeping the bytes in the database lets every app server serve them; the digest in the
    URL changes with the image, so browsers and proxies may keep them for a year.
    """

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="renditions")
    digest = models.CharField(max_length=16, db_index=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(fields=["digest", "width"], name="one_rendition_per_width"),
        ]

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"

    def get_absolute_url(self) -> str:
        return reverse("conditions:image", kwargs={"digest": self.digest, "width": self.width})


_condition_by_slug = CompiledQuery(lambda slug: Condition.objects.filter(slug=slug))
_sections = CompiledQuery(lambda pk: Section.objects.filter(condition=pk))
_symptoms = CompiledQuery(lambda pk: Symptom.objects.filter(condition=pk))
_causes = CompiledQuery(lambda pk: Cause.objects.filter(condition=pk))
_related = CompiledQuery(lambda pk: Condition.objects.filter(related=pk))
_renditions = CompiledQuery(lambda pk: Rendition.objects.filter(condition=pk).defer("data"))
