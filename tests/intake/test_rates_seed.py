"""`seed_content` writes sample self-pay rates only while there are none."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from intake.models import GoodFaithEstimateNotice, SelfPayRate

pytestmark = pytest.mark.django_db


def test_seed_content_adds_the_sample_rates_once_marked_as_sample(capsys):
    call_command("seed_content")
    assert list(SelfPayRate.objects.values_list("name", flat=True)) == [
        "Initial evaluation",
        "Follow-up visit",
        "Extended follow-up visit",
    ]
    assert all(rate.is_sample for rate in SelfPayRate.objects.all())
    assert "Added sample self-pay rates." in capsys.readouterr().out
    call_command("seed_content")
    assert SelfPayRate.objects.count() == 3
    assert "Kept the existing self-pay rates." in capsys.readouterr().out


def test_seed_content_never_overwrites_an_edited_rate_nor_brings_back_a_deleted_one():
    call_command("seed_content")
    SelfPayRate.objects.filter(name="Initial evaluation").update(price=Decimal("190"), is_sample=False)
    SelfPayRate.objects.filter(name="Extended follow-up visit").delete()
    call_command("seed_content")
    assert SelfPayRate.objects.get(name="Initial evaluation").price == Decimal("190")
    assert not SelfPayRate.objects.filter(name="Extended follow-up visit").exists()
    SelfPayRate.objects.all().delete()
    SelfPayRate.objects.create(name="Our only rate", price=100)
    call_command("seed_content")
    assert list(SelfPayRate.objects.values_list("name", flat=True)) == ["Our only rate"]


def test_the_notice_of_the_right_to_an_estimate_starts_as_the_model_notice_awaiting_confirmation():
    notice = GoodFaithEstimateNotice.objects.get()
    assert notice.is_sample and notice.title == "Your right to a Good Faith Estimate"
    assert notice.text.count("\n\n") == 6 and notice.text.startswith("You have the right to receive")
