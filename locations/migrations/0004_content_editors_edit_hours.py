"""Content editors keep clinic details, weekly hours and closures current."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["location", "openinghours", "specialhours"]


def grant(apps, schema_editor):
    # On a fresh database permissions are only made after all migrations; make them now.
    app_config = apps.get_app_config("locations")
    app_config.models_module = True  # a migration's app stub lacks it; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="locations", content_type__model__in=MODELS)
    )


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

    operations = [migrations.RunPython(grant, revoke)]
