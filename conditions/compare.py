"""Two saved versions of a condition, line by line, for the side-by-side comparison in History."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import Cause, Condition, Section, Symptom

FIELDS = (
    "title",
    "slug",
    "summary",
    "region",
    "status",
    "published_at",
    "last_reviewed",
    "reviewed_by",
    "next_review_due",
    "hero_alt",
)


def _children(version, model) -> list[dict]:
    """The rows of `model` saved with the version's revision, in page order."""
    content_type = ContentType.objects.get_for_model(model)
    rows = [v.field_dict for v in version.revision.version_set.filter(content_type=content_type)]
    return sorted(rows, key=lambda row: (row["position"], row["id"]))


def _text(value: str) -> str:
    # A browser sends a textarea's lines ending "\r\n"; text saved elsewhere (the seed) uses "\n".
    # The same words must compare the same.
    return value.replace("\r\n", "\n")


def _shown(field: str, value) -> str:
    if value in (None, ""):
        return ""
    if field == "region":
        return Condition.Region(value).label
    if field == "status":
        return Condition.Status(value).label
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%b %-d, %Y, %-I:%M %p")
    if hasattr(value, "strftime"):
        return value.strftime("%b %-d, %Y")
    return _text(str(value))


def _lines(version) -> list[tuple[str, str]]:
    data = version.field_dict
    lines = [
        (str(Condition._meta.get_field(name).verbose_name).capitalize(), _shown(name, data.get(name)))
        for name in FIELDS
    ]
    related = Condition.objects.filter(pk__in=data.get("related") or []).order_by("title")
    lines.append(("Related conditions", ", ".join(condition.title for condition in related)))
    for number, section in enumerate(_children(version, Section), start=1):
        kind = Section.Kind(section["kind"]).label
        text = "\n\n".join(_text(part) for part in (section["heading"], section["body"]) if part)
        lines.append((f"Section {number}: {kind}", text))
    for model, label in ((Symptom, "Symptoms"), (Cause, "Causes")):
        lines.append((label, "\n".join(item["text"] for item in _children(version, model))))
    return lines


def rows(older, newer) -> list[dict]:
    """One row per line of either version: its label, both texts and whether they differ."""
    left, right = dict(_lines(older)), dict(_lines(newer))
    labels = list(left) + [label for label in right if label not in left]
    return [
        {
            "label": label,
            "older": left.get(label, ""),
            "newer": right.get(label, ""),
            "changed": left.get(label) != right.get(label),
        }
        for label in labels
    ]
