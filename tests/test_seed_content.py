import pytest
from django.core.management import call_command

from conditions.models import Condition, Symptom
from locations.models import Location

pytestmark = pytest.mark.django_db


def test_seed_content_adds_back_spasms_and_the_four_clinics_once(capsys):
    call_command("seed_content")
    assert list(Location.objects.values_list("slug", flat=True)) == ["manhattan", "chatham", "wharton", "darien"]
    back_spasms = Condition.objects.get(slug="back-spasms")
    assert back_spasms.is_live
    assert back_spasms.review_details_are_sample
    assert all(location.is_sample for location in Location.objects.all())
    assert all(
        location.phone.as_national.endswith(tuple(f"555-01{n:02}" for n in range(100)))
        for location in Location.objects.all()
    )
    call_command("seed_content")
    assert Condition.objects.count() == 1 and Location.objects.count() == 4
    assert "Kept the existing conditions." in capsys.readouterr().out


def test_seed_content_never_overwrites_an_edit():
    call_command("seed_content")
    Symptom.objects.filter(position=1).update(text="Edited by staff")
    Location.objects.filter(slug="darien").update(phone="+12035550199")
    call_command("seed_content")
    assert Symptom.objects.filter(text="Edited by staff").exists()
    assert Location.objects.get(slug="darien").phone.as_e164 == "+12035550199"


def test_seed_content_never_brings_back_a_deletion():
    call_command("seed_content")
    Condition.objects.get(slug="back-spasms").delete()
    Location.objects.filter(slug="wharton").delete()
    Condition.objects.create(title="Sciatica", slug="sciatica", summary="s")
    call_command("seed_content")
    assert not Condition.objects.filter(slug="back-spasms").exists()
    assert not Location.objects.filter(slug="wharton").exists()


def test_local_admin_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("local_admin")


def test_local_admin_prints_how_to_sign_in(settings, capsys, django_user_model):
    settings.DEBUG = True
    call_command("local_admin")
    out = capsys.readouterr().out
    password = out.split("with password")[1].split()[0]
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert "http://127.0.0.1:8000/admin/" in out
