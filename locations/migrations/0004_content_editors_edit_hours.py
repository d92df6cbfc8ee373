"""Content editors keep clinic details, weekly hours and closures current."""

from django.db import migrations

from clinic_site.groups import ALL_ACTIONS, grant

MODELS = ["location", "openinghours", "specialhours"]


def grant_hours(apps, schema_editor):
    grant(apps, "Content editors", "locations", dict.fromkeys(MODELS, ALL_ACTIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="locations", content_type__model__in=["openinghours", "specialhours"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0002_content_editors_group"),
        ("locations", "0003_no_overlapping_hours"),
    ]

    operations = [migrations.RunPython(grant_hours, revoke)]
