import sys

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from conditions.models import Condition
from conditions.sitemaps import ConditionSitemap
from locations.sitemaps import LocationSitemap
from notices.sitemaps import NoticeSitemap

from .middleware import DATABASE_UNAVAILABLE, service_unavailable
from .models import HomePage
from .page_cache import cache_available, cache_public_page
from .sitemaps import URLS_PER_SITEMAP, PageSitemap

# The home page lists this many conditions, whatever their number, and links to the A to Z.
HOME_CONDITIONS = 12


@require_safe
@cache_public_page()
def home(request: HttpRequest) -> HttpResponse:
    conditions = Condition.objects.published().only("title", "slug", "summary")[:HOME_CONDITIONS]
    home_page = HomePage.load()
    return render(request, "home.html", {"conditions": conditions, "home_page": home_page})


SITEMAPS = {
    "pages": PageSitemap,
    "conditions": ConditionSitemap,
    "locations": LocationSitemap,
    "notices": NoticeSitemap,
}


def _sitemap_page(value: str) -> str:
    return value if value.isdigit() and 1 < int(value) <= 10_000 else ""


@require_safe
@cache_public_page(query={"p": _sitemap_page})
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Every public URL in one sitemap; past URLS_PER_SITEMAP, an index of sitemaps of that many each."""
    sections = {name: section() for name, section in SITEMAPS.items()}
    if sum(section.paginator.count for section in sections.values()) <= URLS_PER_SITEMAP:
        return sitemap_views.sitemap(request, SITEMAPS)
    items = []
    for name, section in sections.items():
        url = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": name})
        items += [SitemapIndexItem(url if n == 1 else f"{url}?p={n}") for n in section.paginator.page_range]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml")


@require_safe
@cache_public_page(query={"p": _sitemap_page})
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section of the sitemap index (`?p=2` and on for its later pages)."""
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for load balancers). A cache that
    is down is reported but still 200: pages are then slower, not missing."""
    cache_state = "ok" if cache_available() else "unavailable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "cache": cache_state}, status=503)
    return JsonResponse({"status": "ok", "cache": cache_state})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, rendered without the request so it needs no database.

    Unlike Django's handler it does not re-run the CSRF check (for a {% csrf_token %} the
    page does not have): that check reads the form again, and a form Django has just
    refused to read (a charset other than UTF-8) then fails a second time, as a 500.
    """
    return HttpResponseBadRequest(loader.render_to_string("400.html"))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when what failed was reaching the database outside a
    view (views are answered by DatabaseUnavailableMiddleware). Rendered as bad_request is."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))
