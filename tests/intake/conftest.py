import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.migrations.state import ProjectState

from clinic_site.groups import CONTENT_EDITORS, FRONT_DESK, grant
from locations.models import Location
from notices.models import Notice
from notices.seed import seed_notices

initial_data = importlib.import_module("intake.migrations.0002_front_desk_group_and_privacy_notice")
FRONT_DESK_EXPORTS = {"submission": ["export"]}  # intake.migrations.0009


def ensure_intake_data() -> None:
    """What the data migration makes (the Front desk group), made again by its own code if a
    transactional test flushed it away; and the notices the forms link to."""
    if Group.objects.filter(name=FRONT_DESK).exists() and Notice.objects.exists():
        return
    # The models as a migration sees them, which is what `grant` expects.
    permissions = {**initial_data.FRONT_DESK_PERMISSIONS, **FRONT_DESK_EXPORTS}
    permissions["submission"] = [*permissions["submission"], *initial_data.FRONT_DESK_PERMISSIONS["submission"]]
    permissions.pop("privacynotice")  # the model is gone; intake.migrations.0009 took its permissions away
    grant(ProjectState.from_apps(apps).apps, FRONT_DESK, "intake", permissions)
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
    user.groups.add(Group.objects.get(name=FRONT_DESK))
    return user


@pytest.fixture
def other_staff(django_user_model):
    """Staff who edit pages but may not see patient data."""
    user = django_user_model.objects.create_user("pages", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=CONTENT_EDITORS)[0])
    return user
