"""The "Front desk" group, and a first privacy notice written for the practice (awaiting review)."""

from django.db import migrations

from clinic_site.groups import grant

FRONT_DESK_PERMISSIONS = {
    "submission": ["view", "change"],
    "insurancepolicy": ["view"],
    "cardimage": ["view"],
    "note": ["view", "add"],
    "notification": ["view"],
    "auditevent": ["view"],
    "privacynotice": ["view", "add", "change"],
}

SAMPLE_NOTICE = """\
Resilient Performance Physical Therapy asks for your details so that we can check your insurance benefits, call you back and book your first visit. We use them for that, for your care and for billing, and for nothing else. We never sell them and never use them for advertising.

What you send goes straight to our front desk over an encrypted connection. Photos of your insurance card and your member and group numbers are stored encrypted. Only our front-desk staff can see your details, and every time someone opens them we keep a record of who, when and from where.

Our emails to you and to our staff never contain your health or insurance details. We email you only to acknowledge what you sent, with your reference.

We delete the photos of your card once we no longer need them, and the rest of your submission after the period the law requires us to keep records.

As a patient of a health care provider you have rights under HIPAA: to see and get a copy of your health information, to ask us to correct it, to ask us to limit how we use or share it, to ask us to contact you in a particular way, to get a list of those we have shared it with, and to complain to us or to the U.S. Department of Health and Human Services if you believe your privacy rights were violated. We will not hold a complaint against you.

To ask about any of this, call the clinic you chose and ask for our privacy contact."""


def create_group_and_notice(apps, schema_editor):
    grant(apps, "Front desk", "intake", FRONT_DESK_PERMISSIONS)
    PrivacyNotice = apps.get_model("intake", "PrivacyNotice")
    if not PrivacyNotice.objects.exists():
        PrivacyNotice.objects.create(version=1, text=SAMPLE_NOTICE, needs_review=True)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Front desk").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group_and_notice, remove_group)]
