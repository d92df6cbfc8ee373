"""The hours constraints lose their messages: each model's clean() gives staff the one message.

Only Django's state changes; the database constraints stay as they are (no SQL).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0004_content_editors_edit_hours"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="openinghours",
            name="opening_hours_close_after_open",
            constraint=models.CheckConstraint(
                condition=models.Q(("closes__gt", models.F("opens"))), name="opening_hours_close_after_open"
            ),
        ),
        migrations.AlterConstraint(
            model_name="specialhours",
            name="special_hours_end_not_before_start",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="special_hours_end_not_before_start"
            ),
        ),
        migrations.AlterConstraint(
            model_name="specialhours",
            name="special_hours_closed_or_both_times",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("closes__isnull", True), ("opens__isnull", True)),
                    models.Q(("closes__gt", models.F("opens")), ("closes__isnull", False), ("opens__isnull", False)),
                    _connector="OR",
                ),
                name="special_hours_closed_or_both_times",
            ),
        ),
    ]
