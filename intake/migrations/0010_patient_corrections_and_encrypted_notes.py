"""Notes may now hold a patient's correction (insurance numbers among it): their text is encrypted,
as insurance numbers are. Notes written before are encrypted in place."""

from django.db import migrations, models

import intake.crypto


def encrypt_notes(apps, schema_editor):
    _rewrite(schema_editor, lambda text: intake.crypto.encrypt(text.encode("utf-8")).decode("ascii"))


def decrypt_notes(apps, schema_editor):
    _rewrite(schema_editor, lambda token: intake.crypto.decrypt(token.encode("ascii")).decode("utf-8"))


def _rewrite(schema_editor, change):
    # Raw SQL: the field class decrypts on read, which plain text written before would fail.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, text FROM intake_note WHERE text <> ''")
        rows = cursor.fetchall()
        for pk, text in rows:
            cursor.execute("UPDATE intake_note SET text = %s WHERE id = %s", [change(text), pk])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0009_fill_search_keys_export_permission_notices_not_front_desk"),
    ]

    operations = [
        migrations.AddField(
            model_name="note",
            name="correction_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(encrypt_notes, decrypt_notes),
        migrations.AlterField(
            model_name="note",
            name="text",
            field=intake.crypto.EncryptedTextField(verbose_name="note"),
        ),
    ]
