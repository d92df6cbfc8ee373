"""Content editors also edit the home page's introduction."""

from django.db import migrations

from clinic_site.groups import grant


def grant_home_page(apps, schema_editor):
    grant(apps, "Content editors", "clinic_site", {"homepage": ["view", "change"]})


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0002_home_page"),
        ("conditions", "0002_content_editors_group"),
    ]

    operations = [migrations.RunPython(grant_home_page, migrations.RunPython.noop)]
