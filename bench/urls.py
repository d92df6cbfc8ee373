"""The site's URLs plus the floor: a view returning a constant 15 KB page through the site's
own middleware, the most any Django page here could do (its figure is the 1.00 of `make bench`)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from clinic_site.urls import handler400, handler500  # noqa: F401 (the site's error pages)
from clinic_site.urls import urlpatterns as site_urlpatterns

FLOOR_BODY = b"<!doctype html><title>floor</title>\n" + (b"<p>" + b"x" * 1017 + b"</p>\n") * 15


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
