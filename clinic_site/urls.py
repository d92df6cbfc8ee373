from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Resilient Performance PT — staff"
admin.site.site_title = "Resilient Performance PT staff"
admin.site.index_title = "Staff home"

urlpatterns = [
    path("", views.home, name="home"),
    path("conditions/", include("conditions.urls")),
    path("locations/", include("locations.urls")),
    path("", include("intake.urls")),
    path("", include("notices.urls")),
    # Before the admin's own URLs, whose catch-all would take them.
    path("admin/two-factor/", include("clinic_site.two_factor")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("health/", views.health, name="health"),
]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
