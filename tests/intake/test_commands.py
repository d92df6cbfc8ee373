"""Key rotation, retention, and the encryption key a production site must be given."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from intake.models import AuditEvent, CardImage, InsurancePolicy, Note, Notification, Submission

from .factories import make_submission

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def raw(table: str, column: str) -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608 - fixed names
        return [bytes(row[0]) if not isinstance(row[0], str) else row[0].encode() for row in cursor.fetchall()]


def test_reencrypt_moves_everything_to_the_newest_key_and_old_keys_can_then_go(location, settings):
    old_key = settings.INTAKE_ENCRYPTION_KEYS[0]
    submission = make_submission(location)
    front = CardImage.objects.get(side="front").jpeg()

    new_key = Fernet.generate_key().decode()
    settings.INTAKE_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("intake_reencrypt", stdout=out)
    assert "Re-encrypted 2 card images and 1 insurance policies." in out.getvalue()

    settings.INTAKE_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert CardImage.objects.get(side="front").jpeg() == front
    assert InsurancePolicy.objects.get(submission=submission).member_id == "W123456789"
    for token in raw("intake_cardimage", "data") + raw("intake_insurancepolicy", "member_id"):
        Fernet(new_key.encode()).decrypt(token)
    assert AuditEvent.objects.filter(action="reencrypt").exists()


def close(submission, days_ago: int):
    submission.status = Submission.Status.CLOSED
    submission.save()
    Submission.objects.filter(pk=submission.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_retention_deletes_old_card_images_then_old_submissions_with_a_dry_run_first(location, settings):
    settings.INTAKE_RETAIN_IMAGES_DAYS = 30
    settings.INTAKE_RETAIN_SUBMISSIONS_DAYS = 365
    recent, images_due, all_due, still_open = (make_submission(location) for _ in range(4))
    close(recent, 5)
    close(images_due, 40)
    close(all_due, 400)
    Note.objects.create(submission=all_due, text="done")

    out = io.StringIO()
    call_command("intake_retention", "--dry-run", stdout=out)
    assert "Dry run: would delete 2 card images (closed over 30 days) and 1 submissions" in out.getvalue()
    assert Submission.objects.count() == 4 and CardImage.objects.count() == 8

    call_command("intake_retention", stdout=io.StringIO())
    assert set(Submission.objects.values_list("pk", flat=True)) == {recent.pk, images_due.pk, still_open.pk}
    assert CardImage.objects.filter(policy__submission=images_due).count() == 0
    assert CardImage.objects.filter(policy__submission=recent).count() == 2
    assert CardImage.objects.filter(policy__submission=still_open).count() == 2
    assert Submission.objects.get(pk=images_due.pk).images_purged_at is not None
    assert not Note.objects.exists()
    assert not Notification.objects.filter(submission__isnull=True).exists()
    runs = list(AuditEvent.objects.filter(action="retention").order_by("pk").values_list("detail", flat=True))
    assert runs[0].startswith("dry run: would delete 2 card images") and runs[1].startswith("deleted 2 card images")


def settings_import(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "INTAKE_ENCRYPTION_KEYS"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(len(settings.INTAKE_ENCRYPTION_KEYS))"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinic_site.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip


def test_production_settings_require_an_encryption_key():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "EMAIL_URL": "consolemail://"}
    refused = settings_import(production)
    assert refused.returncode != 0 and "Set INTAKE_ENCRYPTION_KEYS" in refused.stderr
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    accepted = settings_import({**production, "INTAKE_ENCRYPTION_KEYS": keys})
    assert accepted.returncode == 0 and accepted.stdout.strip() == "2"
    development = settings_import({"DEBUG": "true"})
    assert development.returncode == 0 and development.stdout.strip() == "1"
