"""schema.org data for a notice page, built from what the page shows."""

from django.conf import settings

from clinic_site.structured_data import PRACTICE_NAME, practice

from .models import NoticeVersion


def notice_page(version: NoticeVersion, path: str) -> dict:
    url = settings.SITE_URL + path
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": version.notice.title,
        "description": version.notice.summary,
        "inLanguage": "en",
        "datePublished": version.effective_on,
        "dateModified": version.modified_at,
        "isPartOf": {"@type": "WebSite", "name": PRACTICE_NAME, "url": settings.SITE_URL + "/"},
        "publisher": practice(),
    }
