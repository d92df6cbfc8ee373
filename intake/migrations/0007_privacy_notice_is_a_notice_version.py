"""Step 3 of 3: submissions point at versions of the Notice of Privacy Practices; the old model goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_privacy_notices_become_notice_versions"),
    ]

    operations = [
        migrations.RemoveField(model_name="submission", name="privacy_notice"),
        migrations.RenameField(model_name="submission", old_name="privacy_notice_version", new_name="privacy_notice"),
        migrations.DeleteModel(name="PrivacyNotice"),
    ]
