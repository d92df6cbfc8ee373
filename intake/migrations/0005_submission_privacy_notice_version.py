"""Step 1 of 3: the intake privacy notice becomes the Notice of Privacy Practices (the notices app).

A second column points each submission at a notice version; 0006 fills it, 0007 drops the old one.
Three migrations, not one, because PostgreSQL will not alter a table in the transaction that
updated its rows.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_content_editors_edit_rates_and_portal"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="privacy_notice_version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="submissions",
                to="notices.noticeversion",
                verbose_name="privacy notice version accepted",
            ),
        ),
    ]
