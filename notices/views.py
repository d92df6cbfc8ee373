import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clinic_site.context_processors import clinic_locations
from clinic_site.page_cache import cache_public_page

from . import structured_data
from .models import Notice, NoticeVersion
from .text import placeholder_values


@require_safe
@cache_public_page()
def notice_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A notice as it stands today: its version in force, and links to the earlier ones."""
    return _render(request, slug, effective_on=None)


@require_safe
@cache_public_page()
def notice_version(request: HttpRequest, slug: str, effective_on: datetime.date) -> HttpResponse:
    """A notice as it was from a given date, at an address that never changes (patients acknowledged it)."""
    return _render(request, slug, effective_on=effective_on)


def _render(request: HttpRequest, slug: str, effective_on: datetime.date | None) -> HttpResponse:
    # Every version that has taken effect, newest first: the first is in force, the rest are listed.
    versions = list(NoticeVersion.objects.published().filter(notice__slug=slug).select_related("notice"))
    dated = [v for i, v in enumerate(versions) if i == 0 or v.effective_on != versions[i - 1].effective_on]
    if effective_on is None:
        index = 0 if dated else None
    else:
        index = next((i for i, v in enumerate(dated) if v.effective_on == effective_on), None)
    if index is None:
        raise Http404("No such notice or version.")
    version = dated[index]
    notice = version.notice
    in_force = index == 0
    taglines = list(notice.taglines.all()) if slug == Notice.Page.LANGUAGE_HELP else []
    locations = clinic_locations(request)  # the footer's call list reads the same clinics
    context = {
        "notice": notice,
        "version": version,
        "in_force": in_force,
        "replaced_on": None if in_force else dated[index - 1].effective_on,
        "versions": dated,
        "sections": list(version.sections.all()),
        "taglines": taglines,
        "taglines_are_sample": bool(taglines) and all(tagline.is_sample for tagline in taglines),
        "placeholders": placeholder_values(locations[0] if locations else None),
        "canonical_path": notice.get_absolute_url() if in_force else version.get_absolute_url(),
    }
    context["structured_data"] = structured_data.notice_page(version, context["canonical_path"])
    return render(request, "notices/notice.html", context)
