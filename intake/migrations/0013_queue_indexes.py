from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0012_submission_body_area"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="estimate_due_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="Worked out from the dates above: 3 business days after a request; 1 business day after booking a visit 3 to 9 business days ahead; 3 business days after booking one 10 or more ahead.",
                null=True,
                verbose_name="estimate due by",
            ),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["last_first_key", "-received_at", "-id"], name="intake_all_by_patient"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["estimate_due_on", "-received_at", "-id"], name="intake_all_by_estimate_due"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("estimate_due_on__isnull", False), ("estimate_sent_on__isnull", True)),
                fields=["estimate_due_on"],
                name="intake_estimate_outstanding",
            ),
        ),
    ]
