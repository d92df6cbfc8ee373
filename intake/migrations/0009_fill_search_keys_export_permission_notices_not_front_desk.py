"""Fill the queue's search keys for existing submissions; the front desk may print and export
submissions; privacy notices are the content editors' alone (the front desk keeps none of the
old intake privacy notice's permissions, nor any on the notices that replaced it)."""

from django.db import migrations
from django.db.models import Q

from clinic_site.groups import grant
from intake.models import name_key, phone_key

BATCH = 2000


def fill_search_keys(apps, schema_editor):
    Submission = apps.get_model("intake", "Submission")
    rows = Submission.objects.only("pk", "first_name", "last_name", "phone").order_by("pk")
    batch = []
    for submission in rows.iterator(chunk_size=BATCH):
        submission.first_last_key = name_key(submission.first_name, submission.last_name)
        submission.last_first_key = name_key(submission.last_name, submission.first_name)
        submission.phone_key = phone_key(submission.phone)
        batch.append(submission)
        if len(batch) == BATCH:
            Submission.objects.bulk_update(batch, ["first_last_key", "last_first_key", "phone_key"])
            batch = []
    Submission.objects.bulk_update(batch, ["first_last_key", "last_first_key", "phone_key"])


def front_desk_exports_and_leaves_notices(apps, schema_editor):
    grant(apps, "Front desk", "intake", {"submission": ["export"]})
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    notices = Permission.objects.filter(
        Q(content_type__app_label="notices") | Q(content_type__app_label="intake", content_type__model="privacynotice")
    )
    for group in Group.objects.filter(name="Front desk"):
        group.permissions.remove(*notices)


def no_export(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Front desk"):
        group.permissions.remove(*Permission.objects.filter(codename="export_submission"))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0008_search_keys_views_export_and_audit"),
        ("notices", "0002_content_editors_edit_notices"),
    ]

    operations = [
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(front_desk_exports_and_leaves_notices, no_export),
    ]
