import datetime

from django.urls import path, register_converter

from . import views
from .models import Notice

app_name = "notices"


class NoticeSlugConverter:
    """Only the six notices' addresses: /privacy-practices/ and the rest, nothing else at the root."""

    regex = "|".join(Notice.Page.values)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IsoDateConverter:
    """A date written 2026-01-01; an impossible one (2026-02-30) is not found."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # ValueError: the URL does not match

    def to_url(self, value: datetime.date) -> str:
        return value.isoformat()


register_converter(NoticeSlugConverter, "notice")
register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("<notice:slug>/", views.notice_page, name="page"),
    path("<notice:slug>/<isodate:effective_on>/", views.notice_version, name="version"),
]
