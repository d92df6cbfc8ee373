import pytest
from django.contrib.auth.models import Group

from locations.models import Location


@pytest.fixture
def location(seeded):
    return Location.objects.active().get(slug="chatham")


@pytest.fixture
def front_desk(django_user_model):
    """A member of the front desk: staff, in the "Front desk" group."""
    user = django_user_model.objects.create_user("frontdesk", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Front desk"))
    return user


@pytest.fixture
def other_staff(django_user_model):
    """Staff who edit pages but may not see patient data."""
    user = django_user_model.objects.create_user("pages", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user
