"""Content editors keep the self-pay rates, the Good Faith Estimate notice and the portal link current.

The notice starts as the model notice, marked as awaiting confirmation."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_PERMISSIONS = {
    "selfpayrate": ["view", "add", "change", "delete"],
    "goodfaithestimatenotice": ["view", "add", "change"],
    "patientportal": ["view", "add", "change"],
}


def codenames() -> list[str]:
    return [f"{action}_{model}" for model, actions in CONTENT_PERMISSIONS.items() for action in actions]


def grant(apps, schema_editor):
    # On a fresh database permissions are only made after all migrations; make them now.
    app_config = apps.get_app_config("intake")
    app_config.models_module = True  # a migration's app stub lacks it; create_permissions asks
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="intake", codename__in=codenames()))
    # The Good Faith Estimate notice starts as the model notice, marked as awaiting confirmation.
    apps.get_model("intake", "GoodFaithEstimateNotice").objects.get_or_create(pk=1)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="intake", codename__in=codenames())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0002_content_editors_group"),
        ("intake", "0003_follow_up_and_self_pay"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
