"""Parts of a page that are the same on every page: the header, the footer's call and book
lists, the call-and-book strip, "Get care", the three ways in.

A part sees only the site-wide context (`SITE_WIDE` and the constants it is given), never the
page's, so it cannot differ from one page to the next. On a public page being built for the
page cache (which sets `request.content_version`) each part is rendered once per content
version in each process and reused until the clinics' "open now" next changes, so a page
that is not in the cache (the first after a save, a rarely read condition) builds only its
own content: the part's queries (the clinics, the portal address) and rendering are skipped.
Elsewhere (forms, receipts, error pages) a part is rendered as a plain include.
"""

from datetime import datetime

from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# What a part may read: what every page's context processors give, and not the request (its
# path, its user), which would make a part differ from one page or visitor to the next.
SITE_WIDE = ("site_locations", "patient_portal_url")

# (template name, constants) -> (content version, good until or None, html). A handful of
# entries: one per part, as each is rendered with constants written in the templates.
_kept: dict[tuple, tuple[str, datetime | None, str]] = {}


def render(context: Context, template_name: str, constants: dict) -> SafeString:
    request = context.get("request")
    version = getattr(request, "content_version", None)
    key = (template_name, tuple(sorted(constants.items())))
    kept = _kept.get(key)
    if version is not None and kept and kept[0] == version and (kept[1] is None or timezone.now() < kept[1]):
        _keep_page_until(request, kept[1])
        return mark_safe(kept[2])  # noqa: S308 (rendered by the template engine, escaped there)

    template = context.template.engine.get_template(template_name)
    site_wide = {name: context.get(name) for name in SITE_WIDE}
    html = template.render(Context({**site_wide, **constants}, autoescape=context.autoescape))
    if version is not None:
        # Set by clinic_locations when the part showed a clinic (its "open now").
        _kept[key] = (version, getattr(request, "page_fresh_until", None), html)
    return mark_safe(html)  # noqa: S308


def forget() -> None:
    """Drop every kept part: for tests, whose databases each start the version afresh (as a
    restored database would; restart the app servers after restoring one)."""
    _kept.clear()


def _keep_page_until(request, until: datetime | None) -> None:
    """A page holding a kept part is itself good only until the part is (see page_cache)."""
    if until is None:
        return
    current = getattr(request, "page_fresh_until", None)
    request.page_fresh_until = until if current is None else min(current, until)
