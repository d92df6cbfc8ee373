"""On PostgreSQL, the database itself refuses overlapping opening intervals and special hours.

SQLite cannot express an exclusion constraint; there the admin forms refuse overlaps (as they
do everywhere, with a clear message). The constraints are deferred to the end of the
transaction, so an admin save that swaps two intervals in one go is checked as a whole.
Intervals are half-open: 9:00-12:00 and 12:00-17:00 touch but do not overlap.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = [
    (
        "locations_openinghours",
        "opening_hours_no_overlap",
        "location_id WITH =, weekday WITH =, "
        "tsrange(DATE '2000-01-01' + opens, DATE '2000-01-01' + closes, '[)') WITH &&",
    ),
    (
        "locations_specialhours",
        "special_hours_no_overlap",
        "location_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&",
    ),
]


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, elements in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist ({elements}) DEFERRABLE INITIALLY DEFERRED"
        )


def remove_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _ in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("locations", "0002_full_details")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, remove_constraints),
    ]
