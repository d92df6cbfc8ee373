"""The "Content editors" group: staff who edit condition pages and clinic details."""

from django.db import migrations

from clinic_site.groups import ALL_ACTIONS, grant


def create_group(apps, schema_editor):
    grant(
        apps,
        "Content editors",
        "conditions",
        dict.fromkeys(["condition", "section", "symptom", "cause", "rendition"], ALL_ACTIONS),
    )
    grant(apps, "Content editors", "locations", {"location": ALL_ACTIONS})


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
