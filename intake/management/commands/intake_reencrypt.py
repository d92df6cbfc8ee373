from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import capfirst

from intake import audit, crypto
from intake.models import AuditEvent, CardImage, InsurancePolicy


class Command(BaseCommand):
    help = (
        "Re-encrypt card images and insurance numbers with the newest key in INTAKE_ENCRYPTION_KEYS. "
        "Run after putting a new key first; then the old keys can be removed."
    )

    def handle(self, *args, **options):
        images = policies = 0
        for pk in CardImage.objects.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                image = CardImage.objects.select_for_update().only("data").get(pk=pk)
                CardImage.objects.filter(pk=pk).update(data=crypto.rotate(image.data))
            images += 1
        for pk in InsurancePolicy.objects.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                # Reading decrypts with any key; saving encrypts with the newest.
                policy = InsurancePolicy.objects.select_for_update().only("member_id", "group_number").get(pk=pk)
                policy.save(update_fields=["member_id", "group_number"])
            policies += 1
        summary = f"re-encrypted {images} card images and {policies} insurance policies"
        audit.record(AuditEvent.Action.REENCRYPT, detail=summary)
        self.stdout.write(f"{capfirst(summary)}.")
