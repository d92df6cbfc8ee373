"""Notice text as staff type it: paragraphs, "- " lists and a few placeholders filled in on the page."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# What staff may write in notice text and taglines, and what each becomes on the page.
PLACEHOLDERS = {
    "phone": "the practice's phone number (the first clinic in Locations, in display order), as a link",
    "card_photos_kept": "how long card photos are kept after a submission is closed (INTAKE_RETAIN_IMAGES_DAYS)",
    "forms_kept": "how long a submission is kept after it is closed (INTAKE_RETAIN_SUBMISSIONS_DAYS)",
}
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
PLACEHOLDER_HELP = "You may write " + "; ".join(f"{{{name}}} for {what}" for name, what in PLACEHOLDERS.items()) + "."

LIST_ITEM = "- "
BLANK_LINE = re.compile(r"\n[ \t]*\n")


def blocks(text: str) -> list[tuple[str, str | list[str]]]:
    """Plain text as ("p", paragraph) and ("ul", [items]) blocks.

    An empty line ends a block; within one, lines starting with "- " make a list and other
    lines make a paragraph (a single line break stays a line break).
    """
    result: list[tuple[str, str | list[str]]] = []
    for paragraph in (part.strip() for part in BLANK_LINE.split(text.replace("\r\n", "\n"))):
        if not paragraph:
            continue
        lines: list[str] = []
        items: list[str] = []
        for line in (line.strip() for line in paragraph.split("\n")):
            if line.startswith(LIST_ITEM):
                if lines:
                    result.append(("p", "\n".join(lines)))
                    lines = []
                items.append(line.removeprefix(LIST_ITEM).strip())
            elif line:
                if items:
                    result.append(("ul", items))
                    items = []
                lines.append(line)
        if lines:
            result.append(("p", "\n".join(lines)))
        if items:
            result.append(("ul", items))
    return result


def fill(text: str, values: dict[str, SafeString]) -> SafeString:
    """Staff text, escaped, with each placeholder replaced by its value (already safe HTML)."""
    parts = PLACEHOLDER.split(text)  # text, name, text, name, ..., text
    return mark_safe("".join(conditional_escape(part) if i % 2 == 0 else values[part] for i, part in enumerate(parts)))


def placeholder_values(clinic) -> dict[str, SafeString]:
    """The placeholders' values: the phone number of `clinic` (the first one shown), the retention periods."""
    if clinic is not None and clinic.phone:
        phone = format_html('<a href="{}" dir="ltr">{}</a>', clinic.phone_href, clinic.phone_display)
    else:  # no clinic on the site: point at where numbers will be
        url = reverse("locations:index")
        phone = format_html('<a href="{}" dir="ltr">{}</a>', url, settings.SITE_URL + url)
    return {
        "phone": phone,
        "card_photos_kept": conditional_escape(period(settings.INTAKE_RETAIN_IMAGES_DAYS)),
        "forms_kept": conditional_escape(period(settings.INTAKE_RETAIN_SUBMISSIONS_DAYS)),
    }


def period(days: int) -> str:
    """A number of days in words: "90 days", "7 years" (for a whole number of 365-day years)."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
