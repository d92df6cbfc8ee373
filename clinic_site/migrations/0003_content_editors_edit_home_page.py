"""Content editors also edit the home page's introduction."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("clinic_site")
    app_config.models_module = True  # a migration's app stub lacks it; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clinic_site", codename__in=["view_homepage", "change_homepage"]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0002_home_page"),
        ("conditions", "0002_content_editors_group"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
