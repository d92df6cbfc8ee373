from clinic_site.sitemaps import PublicSitemap

from .models import NoticeVersion


class NoticeSitemap(PublicSitemap):
    """Each notice's page, last modified when its version in force took effect or was last changed."""

    def items(self) -> list[NoticeVersion]:
        in_force = {}
        for version in NoticeVersion.objects.published().select_related("notice"):
            in_force.setdefault(version.notice_id, version)  # newest first: the first seen is in force
        return sorted(in_force.values(), key=lambda version: version.notice_id)

    def location(self, item: NoticeVersion) -> str:
        return item.notice.get_absolute_url()

    def lastmod(self, item: NoticeVersion):
        return item.modified_at
