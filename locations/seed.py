"""Sample clinic details for a new site, marked as sample until staff replace them.

Phone numbers are in 555-0100 to 555-0199, which are reserved for fiction.
"""

from django.db import transaction

from .models import Location

SAMPLE_LOCATIONS = [
    {"name": "Manhattan", "slug": "manhattan", "city": "New York", "state": "NY", "phone": "(212) 555-0100"},
    {"name": "Chatham", "slug": "chatham", "city": "Chatham", "state": "NJ", "phone": "(973) 555-0110"},
    {"name": "Wharton", "slug": "wharton", "city": "Wharton", "state": "NJ", "phone": "(973) 555-0120"},
    {"name": "Darien", "slug": "darien", "city": "Darien", "state": "CT", "phone": "(203) 555-0130"},
]


@transaction.atomic
def seed_locations() -> bool:
    """Create the four clinics unless any location exists (so edits and deletions stand)."""
    if Location.objects.exists():
        return False
    Location.objects.bulk_create(
        Location(position=i, is_sample=True, **fields) for i, fields in enumerate(SAMPLE_LOCATIONS, start=1)
    )
    return True
