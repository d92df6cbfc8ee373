"""What a receipt says back to the patient: the clinic they chose and how we will reach them.

The receipt is a private page (never cached, for the browser that sent the form only), yet it
still shows only the last four digits of a phone number and the first letter of an email
address: enough to recognise, not enough to read over a shoulder.
"""

import re

from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import SafeString

from locations.models import Location

from .models import Submission

RECEIPT_FIELDS = ("reference", "email", "kind", "wants_estimate", "phone", "preferred_contact", "location")


def receipts() -> "Submission.objects":
    """Submissions with what a receipt shows: the chosen clinic comes with its hours (today's, open now)."""
    return Submission.objects.only(*RECEIPT_FIELDS).prefetch_related(
        Prefetch("location", queryset=Location.objects.with_hours())
    )


def masked_phone(phone: str) -> str:
    """(•••) •••-0142: the last four digits only."""
    digits = re.sub(r"\D", "", phone)
    return f"(•••) •••-{digits[-4:]}" if len(digits) >= 4 else "the number you gave us"


def masked_email(email: str) -> str:
    """j•••@example.com: the first letter and the domain."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if name and domain else "the address you gave us"


def contact_promise(submission: Submission) -> SafeString:
    """How we will reach the patient, in the words of the choice they made; the number or
    address never breaks across lines."""
    method = submission.preferred_contact
    if method == Submission.ContactMethod.TEXT:
        words, target = "We will text you at", masked_phone(submission.phone)
    elif method == Submission.ContactMethod.EMAIL and submission.email:
        words, target = "We will email you at", masked_email(submission.email)
    else:
        words, target = "We will call you at", masked_phone(submission.phone)
    return format_html('{} <span class="receipt__contact">{}</span>', words, target)
