"""A form sent again with changed answers (after Back): offered as a correction, never dropped unheard.

The changes go back to the patient's browser in a signed field of the offer page (nothing is
kept on the server until they choose to send it), and come back when they do: the signature
proves they are the answers this site was sent for this submission.
"""

import datetime
import hashlib

from django import forms
from django.core import signing
from django.db import models
from django.utils import timezone

SALT = "intake.correction"
PHOTO_FIELDS = ("card_front", "card_back")
PHOTO_NOT_SENT = "a new photo (we keep the first ones: please bring your card to your first visit)"


def describe(form: forms.Form, names: list[str]) -> list[tuple[str, str]]:
    """(question, new answer) for each changed answer, as the patient would read it."""
    return [(str(form.fields[name].label), _shown(form, name)) for name in names]


def sign(form_token: str, changes: list[tuple[str, str]]) -> str:
    return signing.dumps({"token": form_token, "changes": changes}, salt=SALT, compress=True)


def unsign(value: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(form token, changes) from a signed correction, or None when it is not one of ours."""
    try:
        payload = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return payload["token"], [tuple(change) for change in payload["changes"]]


def key(value: str) -> str:
    """The same correction sent twice has one key."""
    return hashlib.sha256(value.encode()).hexdigest()


def note_text(changes: list[tuple[str, str]]) -> str:
    sent = timezone.localtime().strftime("%b %-d, %Y, %-I:%M %p")
    lines = [f"Correction from the patient, sent {sent}, after their first submission:"]
    lines += [f"- {question}: {answer}" for question, answer in changes]
    return "\n".join(lines)


def _shown(form: forms.Form, name: str) -> str:
    if name in PHOTO_FIELDS:
        return PHOTO_NOT_SENT
    field, value = form.fields[name], form.cleaned_data.get(name)
    if value in (None, ""):
        return "(left blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return value.strftime("%B %-d, %Y")
    if isinstance(value, models.Model):
        return str(getattr(value, "name", None) or getattr(value, "title", None) or value)
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))
