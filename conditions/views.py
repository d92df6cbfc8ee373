from datetime import timedelta
from itertools import groupby
from string import ascii_uppercase

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clinic_site.page_cache import cache_public_page

from . import images, structured_data
from .models import Condition, Rendition

MAX_QUERY_LENGTH = 100
# Seconds browsers and proxies may keep a hero image rendition: a year.
RENDITION_MAX_AGE = int(timedelta(days=365).total_seconds())


@require_safe
@cache_public_page(query=["q", "region"])
def condition_index(request: HttpRequest) -> HttpResponse:
    """The A to Z list of published conditions, narrowed by `?q=` and `?region=` when given."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    region = request.GET.get("region", "")
    published = Condition.objects.published()
    conditions = published.only("title", "slug", "summary")
    if query:
        conditions = conditions.search(query)
    if region in Condition.Region.values:
        conditions = conditions.filter(region=region)
    else:
        region = ""
    # Sorted here, not by the database, whose collation may put "a" after "Z"; digits last.
    ordered = sorted(conditions, key=lambda c: (c.index_letter == "#", c.index_letter, c.title.casefold()))
    groups = [(letter, list(items)) for letter, items in groupby(ordered, key=lambda c: c.index_letter)]
    present = {letter for letter, _ in groups}
    regions_in_use = set(published.values_list("region", flat=True).distinct())
    return render(
        request,
        "conditions/condition_index.html",
        {
            "query": query,
            "region": region,
            "region_label": Condition.Region(region).label if region else "",
            "regions": [(value, label) for value, label in Condition.Region.choices if value in regions_in_use],
            "groups": groups,
            "letters": [(letter, letter in present) for letter in ascii_uppercase],
            "result_count": len(ordered),
        },
    )


@require_safe
@cache_public_page()
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(Condition.objects.published().with_page_content(), slug=slug)
    return render_condition(request, condition)


def render_condition(request: HttpRequest, condition: Condition, *, is_preview: bool = False) -> HttpResponse:
    """The condition page; staff previews of drafts use it too, so they see what patients will."""
    context = {
        "condition": condition,
        "structured_data": structured_data.condition_page(condition),
        "is_preview": is_preview,
    }
    return render(request, "conditions/condition_detail.html", context)


@require_safe
@cache_control(public=True, max_age=RENDITION_MAX_AGE, immutable=True)
def rendition(request: HttpRequest, digest: str, width: int) -> HttpResponse:
    """A hero image rendition; its URL changes with the image, so it may be kept a year."""
    image = get_object_or_404(Rendition, digest=digest, width=width)
    return HttpResponse(bytes(image.data), content_type=images.CONTENT_TYPE)
