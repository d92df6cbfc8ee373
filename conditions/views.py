from datetime import timedelta
from itertools import groupby
from string import ascii_uppercase
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clinic_site.page_cache import cache_public_page

from . import images, structured_data
from .models import Condition, Rendition

MAX_QUERY_LENGTH = 100
# Up to this many conditions the A to Z is one page; beyond it, one letter a page (as the NHS
# does), so the page's size and build time do not grow with the number of conditions.
ONE_PAGE_UP_TO = 300
LETTER_PAGE_SIZE = 100  # a letter with more conditions than this runs over several pages
RESULTS_PAGE_SIZE = 20  # search and body-area results
LETTERS = [*ascii_uppercase, "#"]
# Seconds browsers and proxies may keep a hero image rendition: a year.
RENDITION_MAX_AGE = int(timedelta(days=365).total_seconds())


def _query(value: str) -> str:
    return " ".join(value.split())[:MAX_QUERY_LENGTH]


def _letter(value: str) -> str:
    return value.upper() if value.upper() in LETTERS else ""


def _page(value: str) -> str:
    return value if value.isdigit() and 1 < int(value) <= 10_000 else ""


def _sort_key(condition: Condition) -> tuple:
    # Sorted here, not by the database, whose collation may put "a" after "Z"; digits last.
    return (condition.index_letter == "#", condition.index_letter, condition.title.casefold())


def _grouped(conditions) -> list[tuple[str, list[Condition]]]:
    return [(letter, list(items)) for letter, items in groupby(conditions, key=lambda c: c.index_letter)]


def _starting_with(conditions, letter: str):
    if letter == "#":
        return conditions.exclude(initial__in=list(ascii_uppercase))
    return conditions.filter(initial=letter)


@require_safe
@cache_public_page(
    query={
        "q": _query,
        "region": lambda v: v if v in Condition.Region.values else "",
        "letter": _letter,
        "page": _page,
    },
    search="q",
)
def condition_index(request: HttpRequest) -> HttpResponse:
    """The A to Z of published conditions, or the conditions matching `?q=` and `?region=`,
    20 a page with their count."""
    query = _query(request.GET.get("q", ""))
    region = request.GET.get("region", "")
    region = region if region in Condition.Region.values else ""
    published = Condition.objects.published()
    conditions = published.only("title", "slug", "summary")
    # The body areas and first letters in use, in one pass. order_by(): without it the default
    # ordering (title) would make every title distinct.
    in_use = set(published.order_by().values_list("region", "initial").distinct())
    regions_in_use = {region for region, _ in in_use}
    context = {
        "query": query,
        "region": region,
        "region_label": Condition.Region(region).label if region else "",
        "regions": [(value, label) for value, label in Condition.Region.choices if value in regions_in_use],
    }
    page_number = _page(request.GET.get("page", "")) or 1
    if query or region:
        if query:
            conditions = conditions.search(query)
        if region:
            conditions = conditions.filter(region=region)
        # One pass over the matches for their ids (the count and the page's place), then the
        # page's 20 rows: searching twice, for a count and for a page, costs twice as much.
        ids = list(conditions.order_by(Lower("title"), "pk").values_list("pk", flat=True))
        page = Paginator(ids, RESULTS_PAGE_SIZE).get_page(page_number)
        rows = published.only("title", "slug", "summary").in_bulk(page.object_list)
        context |= {"groups": _grouped(rows[pk] for pk in page), "page": page, "result_count": len(ids)}
    else:
        # Unordered: the database stops after ONE_PAGE_UP_TO + 1 rows, however many there are.
        first = sorted(conditions.order_by()[: ONE_PAGE_UP_TO + 1], key=_sort_key)
        if len(first) <= ONE_PAGE_UP_TO:  # everything, on one page with links to each letter
            groups = _grouped(first)
            present = {letter for letter, _ in groups}
            context |= {"groups": groups, "letters": [(letter, letter in present) for letter in LETTERS]}
        else:
            present = {initial if initial in ascii_uppercase else "#" for _, initial in in_use}
            letter = _letter(request.GET.get("letter", ""))
            letter = letter if letter in present else next(each for each in LETTERS if each in present)
            in_letter = _starting_with(conditions, letter).order_by(Lower("title"), "pk")
            page = Paginator(in_letter, LETTER_PAGE_SIZE).get_page(page_number)
            context |= {
                "groups": [(letter, list(page))],
                "page": page,
                "letter": letter,
                "letter_pages": True,
                "letters": [(each, each in present) for each in LETTERS],
            }
    if "page" in context:
        context |= _pager(context["page"], q=query, region=region, letter=context.get("letter", ""))
    return render(request, "conditions/condition_index.html", context)


def _pager(page, **kept: str) -> dict:
    """Links to the pages before and after, built from the understood parameters only."""

    def url(number: int) -> str:
        return "?" + urlencode({**{k: v for k, v in kept.items() if v}, **({"page": number} if number > 1 else {})})

    return {
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
    }


@require_safe
@cache_public_page()
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = Condition.live_page(slug)
    if condition is None:
        raise Http404("No published condition at this address")
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
