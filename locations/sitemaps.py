from clinic_site.sitemaps import PublicSitemap

from .models import Location


class LocationSitemap(PublicSitemap):
    def items(self):
        return Location.objects.active()

    def lastmod(self, location: Location):
        return location.updated_at
