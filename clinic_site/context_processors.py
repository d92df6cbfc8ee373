from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from locations.models import Location


def site(request: HttpRequest) -> dict:
    """What every page's header and footer need.

    The locations are fetched lazily and once per request, so a page that lists them in
    its body and in the footer still makes one query, and a page that shows neither
    makes none.
    """
    return {
        "site_locations": SimpleLazyObject(lambda: list(Location.objects.active())),
    }
