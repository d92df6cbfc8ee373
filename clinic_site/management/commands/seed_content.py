from django.core.management.base import BaseCommand

from conditions.seed import seed_conditions
from locations.seed import seed_locations


class Command(BaseCommand):
    help = (
        "Fill each kind of sample content (locations, conditions) only while that kind has no rows "
        "at all: it never overwrites an edit and never brings back what staff deleted."
    )

    def handle(self, *args, **options) -> None:
        for kind, seed in [("locations", seed_locations), ("conditions", seed_conditions)]:
            if seed():
                self.stdout.write(f"Added sample {kind}.")
            else:
                self.stdout.write(f"Kept the existing {kind}.")
