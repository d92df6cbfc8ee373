"""The "Content editors" group: staff who edit condition pages and clinic details."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "conditions": ["condition", "section", "symptom", "cause", "rendition"],
    "locations": ["location"],
}


def create_group(apps, schema_editor):
    # On a fresh database permissions are only made after all migrations; make them now.
    for app_label in CONTENT_MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # a migration's app stub lacks it; create_permissions asks
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    for app_label, models in CONTENT_MODELS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=models)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Content editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0001_initial"),
        ("locations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
