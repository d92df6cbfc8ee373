from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from clinic_site.context_processors import clinic_locations
from conditions.models import Condition

from . import hours, structured_data
from .models import Location


def _revalidate(response: HttpResponse) -> HttpResponse:
    # "Open now" changes with the clock alone: these pages are built on every request and
    # never kept in the page cache. Proxies may store them but must revalidate each time
    # (ConditionalGetMiddleware's ETag makes an unchanged page a 304).
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def location_index(request: HttpRequest) -> HttpResponse:
    """Every active clinic with its address, phone, today's hours and whether it is open now."""
    # The footer's call list reads the same clinics: one set of queries for both.
    locations = clinic_locations(request)
    context = {
        "locations": locations,
        "structured_data": structured_data.location_index(locations),
        "today": hours.clinic_today(),
    }
    return _revalidate(render(request, "locations/location_index.html", context))


@require_safe
def location_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One clinic: the coming week's hours, closures, directions and what it treats."""
    queryset = (
        Location.objects.active()
        .with_hours()
        .prefetch_related(
            Prefetch(
                "conditions",
                queryset=Condition.objects.published().only("title", "slug", "summary").order_by("title"),
                to_attr="published_conditions",
            )
        )
    )
    location = get_object_or_404(queryset, slug=slug)
    context = {"location": location, "structured_data": structured_data.location_page(location)}
    return _revalidate(render(request, "locations/location_detail.html", context))
