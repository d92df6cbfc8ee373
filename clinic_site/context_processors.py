from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from locations import hours
from locations.models import Location


def clinic_locations(request: HttpRequest) -> list[Location]:
    """The active clinics with their hours, fetched once per request (three queries).

    The footer's call list, a condition page's "Get care" panel and the home page's clinic
    cards all say whether each clinic is open now, which changes with the clock alone: the
    request remembers when that next happens, and the page cache keeps the page no longer.
    """
    locations = getattr(request, "_clinic_locations", None)
    if locations is None:
        locations = list(Location.objects.active().with_hours())
        request._clinic_locations = locations
        fresh_until = hours.next_change(location.status for location in locations)
        kept_until = getattr(request, "page_fresh_until", None)  # a site part's, set first (site_parts)
        request.page_fresh_until = fresh_until if kept_until is None else min(kept_until, fresh_until)
    return locations


def site(request: HttpRequest) -> dict:
    """What every page's header and footer need.

    The locations are fetched lazily and once per request, so a page that lists them in
    its body and in the footer makes one set of queries, and a page that shows neither
    makes none.
    """
    from intake.models import PatientPortal  # intake's models import this app's

    return {
        "site_locations": SimpleLazyObject(lambda: clinic_locations(request)),
        # The follow-up card on the home, condition and clinic pages says what /follow-up/ says.
        "patient_portal_url": SimpleLazyObject(PatientPortal.address),
    }
