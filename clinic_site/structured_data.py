"""schema.org pieces every page's structured data shares: the practice and the breadcrumb trail."""

from django.conf import settings

PRACTICE_NAME = "Resilient Performance Physical Therapy"


def practice() -> dict:
    """The practice as the organization behind each clinic and page."""
    return {"@type": "MedicalOrganization", "name": PRACTICE_NAME, "url": settings.SITE_URL + "/"}


def breadcrumb_list(trail: list[tuple[str, str]]) -> dict:
    """The breadcrumbs a page shows, as (name, path) pairs from the home page down."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": settings.SITE_URL + path}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
