from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conditions.sitemaps import ConditionSitemap
from locations.sitemaps import LocationSitemap
from notices.sitemaps import NoticeSitemap

from . import views
from .sitemaps import PageSitemap

admin.site.site_header = "Resilient Performance PT — staff"
admin.site.site_title = "Resilient Performance PT staff"
admin.site.index_title = "Staff home"

sitemaps = {
    "pages": PageSitemap,
    "conditions": ConditionSitemap,
    "locations": LocationSitemap,
    "notices": NoticeSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("conditions/", include("conditions.urls")),
    path("locations/", include("locations.urls")),
    path("", include("intake.urls")),
    path("", include("notices.urls")),
    # Before the admin's own URLs, whose catch-all would take them.
    path("admin/two-factor/", include("clinic_site.two_factor")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("health/", views.health, name="health"),
]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
