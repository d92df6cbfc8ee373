"""Content editors keep the self-pay rates, the Good Faith Estimate notice and the portal link current.

The notice starts as the model notice, marked as awaiting confirmation.
"""

from django.db import migrations

from clinic_site.groups import grant

CONTENT_PERMISSIONS = {
    "selfpayrate": ["view", "add", "change", "delete"],
    "goodfaithestimatenotice": ["view", "add", "change"],
    "patientportal": ["view", "add", "change"],
}


def grant_and_add_notice(apps, schema_editor):
    grant(apps, "Content editors", "intake", CONTENT_PERMISSIONS)
    apps.get_model("intake", "GoodFaithEstimateNotice").objects.get_or_create(pk=1)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in CONTENT_PERMISSIONS.items() for action in actions]
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="intake", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0002_content_editors_group"),
        ("intake", "0003_follow_up_and_self_pay"),
    ]

    operations = [migrations.RunPython(grant_and_add_notice, revoke)]
