from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Location


@require_safe
def location_index(request: HttpRequest) -> HttpResponse:
    # The list is the context processor's `site_locations`, shared with the footer.
    return render(request, "locations/location_index.html")


@require_safe
def location_detail(request: HttpRequest, slug: str) -> HttpResponse:
    location = get_object_or_404(Location.objects.active(), slug=slug)
    return render(request, "locations/location_detail.html", {"location": location})
