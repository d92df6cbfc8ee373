from django.core.management.base import BaseCommand

from clinic_site.models import ContentVersion
from clinic_site.seed import seed_home_page
from conditions.seed import seed_conditions
from intake.seed import seed_rates
from locations.seed import seed_locations
from notices.seed import seed_notices


class Command(BaseCommand):
    help = (
        "Fill each kind of sample content (home page text, locations, conditions, self-pay rates, each notice) only "
        "while that kind has no rows at all: it never overwrites an edit and never brings back what staff deleted."
    )

    def handle(self, *args, **options) -> None:
        added = False
        for kind, seed in [
            ("home page text", seed_home_page),
            ("locations", seed_locations),
            ("conditions", seed_conditions),
            ("self-pay rates", seed_rates),
            ("notices", seed_notices),
        ]:
            if seed():
                added = True
                self.stdout.write(f"Added sample {kind}.")
            else:
                self.stdout.write(f"Kept the existing {kind}.")
        if added:
            ContentVersion.bump()  # bulk creation sends no signals; cached pages must not outlive it
