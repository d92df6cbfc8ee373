"""Sample self-pay rates, marked as sample until staff change them."""

from decimal import Decimal

from .models import SelfPayRate

SAMPLE_RATES = [
    ("Initial evaluation", Decimal("175"), "About 60 minutes, one to one: assessment and your first treatment."),
    ("Follow-up visit", Decimal("125"), "About 45 minutes, one to one."),
    ("Extended follow-up visit", Decimal("160"), "About 60 minutes, one to one."),
]


def seed_rates() -> bool:
    """Write the sample rates unless any rate exists (so edits and deletions stand)."""
    if SelfPayRate.objects.exists():
        return False
    SelfPayRate.objects.bulk_create(
        SelfPayRate(name=name, price=price, description=description, position=position, is_sample=True)
        for position, (name, price, description) in enumerate(SAMPLE_RATES, start=1)
    )
    return True
