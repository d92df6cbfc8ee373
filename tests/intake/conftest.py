import importlib

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from locations.models import Location
from notices.models import Notice
from notices.seed import seed_notices

initial_data = importlib.import_module("intake.migrations.0002_front_desk_group_and_privacy_notice")


def ensure_intake_data() -> None:
    """What the data migration makes, made again if a transactional test flushed it away, and the notices
    (the forms link to the Notice of Privacy Practices in force)."""
    if Group.objects.filter(name="Front desk").exists() and Notice.objects.exists():
        return
    create_permissions(apps.get_app_config("intake"), verbosity=0)
    group, _ = Group.objects.get_or_create(name="Front desk")
    for model, actions in initial_data.FRONT_DESK_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="intake", codename__in=[f"{action}_{model}" for action in actions]
            )
        )
    seed_notices()


@pytest.fixture(autouse=True)
def intake_data(request):
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        ensure_intake_data()


@pytest.fixture
def location(seeded):
    return Location.objects.active().get(slug="chatham")


@pytest.fixture
def front_desk(django_user_model):
    """A member of the front desk: staff, in the "Front desk" group."""
    ensure_intake_data()
    user = django_user_model.objects.create_user("frontdesk", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name="Front desk"))
    return user


@pytest.fixture
def other_staff(django_user_model):
    """Staff who edit pages but may not see patient data."""
    user = django_user_model.objects.create_user("pages", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Content editors")[0])
    return user
