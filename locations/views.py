from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clinic_site.context_processors import clinic_locations
from clinic_site.page_cache import cache_public_page
from conditions.models import Condition

from . import hours, structured_data
from .models import Location


@require_safe
@cache_public_page()
def location_index(request: HttpRequest) -> HttpResponse:
    """Every active clinic with its address, phone, today's hours and whether it is open now."""
    # The footer's call list reads the same clinics: one set of queries for both, and the page
    # is cached only until one of them next opens or closes (`request.page_fresh_until`).
    locations = clinic_locations(request)
    context = {
        "locations": locations,
        "structured_data": structured_data.location_index(locations),
        "today": hours.clinic_today(),
    }
    return render(request, "locations/location_index.html", context)


@require_safe
@cache_public_page()
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
    # Kept until a clinic next opens or closes: the footer's call list sets `page_fresh_until`.
    return render(request, "locations/location_detail.html", context)
