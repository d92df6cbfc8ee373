import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group

from notices.models import Notice, NoticeSection, NoticeVersion

NEW_YORK = ZoneInfo("America/New_York")


def clinic_time(*args) -> datetime.datetime:
    """An instant on the clinics' clock, e.g. clinic_time(2026, 6, 1, 0, 0)."""
    return datetime.datetime(*args, tzinfo=NEW_YORK)


def add_version(slug: str, effective_on: datetime.date, *bodies: str, is_sample: bool = False) -> NoticeVersion:
    """A version of a notice with one section per body, as staff would add it in the admin."""
    version = NoticeVersion.objects.create(
        notice=Notice.objects.get(slug=slug), effective_on=effective_on, is_sample=is_sample
    )
    for position, body in enumerate(bodies, start=1):
        NoticeSection.objects.create(version=version, heading=f"Part {position}", body=body, position=position)
    return version


@pytest.fixture
def front_desk(django_user_model):
    """A member of the front desk: staff, in the "Front desk" group the migrations make."""
    user = django_user_model.objects.create_user("frontdesk", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Front desk"))
    return user
