"""Content editors keep the notices current: their pages, versions, sections and taglines.

The front desk gets nothing here: it worked the old intake privacy notice, which is now the
Notice of Privacy Practices, a notice like the others.
"""

from django.db import migrations

from clinic_site.groups import ALL_ACTIONS, grant

CONTENT_PERMISSIONS = {
    "notice": ["view", "add", "change"],
    "noticeversion": ALL_ACTIONS,
    "noticesection": ALL_ACTIONS,
    "tagline": ALL_ACTIONS,
}


def grant_notices(apps, schema_editor):
    grant(apps, "Content editors", "notices", CONTENT_PERMISSIONS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="notices"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0002_content_editors_group"),
        ("notices", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant_notices, revoke)]
