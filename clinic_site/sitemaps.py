from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

# Past this many URLs /sitemap.xml is an index of sitemaps of this many each (search engines
# take up to 50,000; smaller files are quicker to build and to fetch).
URLS_PER_SITEMAP = 1000


class PublicSitemap(Sitemap):
    """Links on SITE_URL, the public origin, whatever host the request came in on."""

    limit = URLS_PER_SITEMAP

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme


class PageSitemap(PublicSitemap):
    """The fixed pages: home, the indexes and the three ways in."""

    def items(self) -> list[str]:
        return [
            "home",
            "conditions:index",
            "locations:index",
            "intake:new_patient",
            "intake:follow_up",
            "intake:self_pay",
        ]

    def location(self, item: str) -> str:
        return reverse(item)
