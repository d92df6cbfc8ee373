from clinic_site.sitemaps import PublicSitemap

from .models import Condition


class ConditionSitemap(PublicSitemap):
    def items(self):
        return Condition.objects.published().only("slug", "updated_at")

    def lastmod(self, item: Condition):
        return item.updated_at
