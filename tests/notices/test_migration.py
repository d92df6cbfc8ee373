"""The intake privacy notice becomes the Notice of Privacy Practices, and no acknowledgement is lost."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from intake.models import Submission
from notices.models import Notice, NoticeVersion
from notices.seed import seed_notices

from .conftest import clinic_time

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("intake", "0005_submission_privacy_notice_version")]
FIRST_SAMPLE = importlib.import_module("intake.migrations.0002_front_desk_group_and_privacy_notice").SAMPLE_NOTICE


def migrate(targets):
    """Move the database to `targets`; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_models():
    """The models just before the carry-over; the database is brought back to the latest afterwards."""
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def make_old_notice(apps, version: int, title: str, text: str, written: datetime.datetime, needs_review=False):
    PrivacyNotice = apps.get_model("intake", "PrivacyNotice")
    notice = PrivacyNotice.objects.create(version=version, title=title, text=text, needs_review=needs_review)
    PrivacyNotice.objects.filter(pk=notice.pk).update(created_at=written)
    return notice


def make_old_submission(apps, n: int, notice):
    return apps.get_model("intake", "Submission").objects.create(
        reference=f"TEST-0{n}",
        form_token=f"token-{n}",
        first_name="Ana",
        last_name="Ruiz",
        date_of_birth=datetime.date(1980, 1, 1),
        phone="+12125550100",
        privacy_notice=notice,
    )


def test_each_privacy_notice_becomes_a_version_and_each_submission_keeps_the_one_its_patient_saw(old_models):
    apps = old_models
    apps.get_model("intake", "PrivacyNotice").objects.all().delete()
    first = make_old_notice(apps, 1, "How we use your information", FIRST_SAMPLE, clinic_time(2026, 1, 5, 9), True)
    second = make_old_notice(apps, 2, "Your information", "The March text.", clinic_time(2026, 3, 3, 9))
    # Corrected the same day, late in the evening (still March 3 in New York, March 4 in UTC).
    third = make_old_notice(apps, 3, "Your information", "The corrected March text.", clinic_time(2026, 3, 3, 22))
    for n, notice in enumerate([first, second, third, None]):
        make_old_submission(apps, n, notice)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    versions = list(NoticeVersion.objects.filter(notice__slug="privacy-practices").order_by("effective_on", "pk"))
    assert [(v.effective_on, v.is_sample) for v in versions] == [
        (datetime.date(2026, 1, 5), True),
        (datetime.date(2026, 3, 3), False),
        (datetime.date(2026, 3, 3), False),
    ]
    assert [(s.heading, s.body) for s in versions[2].sections.all()] == [
        ("Your information", "The corrected March text.")
    ]
    acknowledged = dict(Submission.objects.values_list("reference", "privacy_notice"))
    assert acknowledged == {
        "TEST-00": versions[0].pk,
        "TEST-01": versions[1].pk,
        "TEST-02": versions[2].pk,
        "TEST-03": None,
    }
    # The last one written on a day is the one its dated address shows, and the one in force.
    assert NoticeVersion.objects.in_force("privacy-practices") == versions[2]
    # The other notices are still to be written; the carried-over one is kept as it is.
    assert seed_notices()
    assert NoticeVersion.objects.filter(notice__slug="privacy-practices").count() == 3
    assert Notice.objects.count() == 6


def test_an_unused_sample_gives_way_to_the_full_sample_notice(old_models):
    apps = old_models
    apps.get_model("intake", "PrivacyNotice").objects.all().delete()
    make_old_notice(apps, 1, "How we use your information", FIRST_SAMPLE, clinic_time(2026, 1, 5, 9), True)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert not Notice.objects.exists()
    seed_notices()
    npp = NoticeVersion.objects.in_force("privacy-practices")
    assert "Please review it carefully." in npp.sections.first().body
