"""Card photos kept across a new-patient form's error, so a typo does not cost the photos.

A photo that passed its checks is held, re-encoded and encrypted, against the form's one-time
token and a secret kept in the uploader's session: only that browser, sending that form, can
use it. The page then says "Front of card: attached (photo-1.jpg)" and never sends the
picture back. Sending the form turns held photos into the submission's card images; what is
left is unusable after HOLD_FOR and deleted by `manage.py intake_retention`.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from django.http import HttpRequest
from django.utils import timezone

from . import crypto
from .images import CardPhoto
from .models import HeldPhoto

HOLD_FOR = timedelta(hours=2)
SESSION_KEY = "intake_photo_owner"
NAME_LENGTH = 80


@dataclass(frozen=True)
class Held:
    """A held photo as the form uses it: the picture, and the file name the patient chose."""

    photo: CardPhoto
    file_name: str


def _display_name(name: str) -> str:
    """The chosen file's own name, without any folder a browser may send: "photo-1.jpg"."""
    return PurePath(name.replace("\\", "/")).name[:NAME_LENGTH] or "photo"


class PhotoHolder:
    """Holds and finds the photos of one browser session."""

    def __init__(self, request: HttpRequest):
        self.request = request

    def _owner(self, *, create: bool) -> str | None:
        secret = self.request.session.get(SESSION_KEY)
        if secret is None and create:
            secret = self.request.session[SESSION_KEY] = secrets.token_urlsafe(32)
        return hashlib.sha256(secret.encode()).hexdigest() if secret else None

    def held(self, form_token: str) -> dict[str, Held]:
        """This session's photos for this form that are still usable, by side ("front", "back")."""
        owner = self._owner(create=False)
        if not owner or not form_token:
            return {}
        rows = HeldPhoto.objects.filter(form_token=form_token, owner=owner, created_at__gte=timezone.now() - HOLD_FOR)
        return {
            row.side: Held(
                CardPhoto(crypto.decrypt(bytes(row.data)), row.width, row.height),
                crypto.decrypt(bytes(row.file_name)).decode(),
            )
            for row in rows
        }

    def hold(self, form_token: str, side: str, photo: CardPhoto, file_name: str) -> Held:
        held = Held(photo, _display_name(file_name))
        HeldPhoto.objects.update_or_create(
            form_token=form_token,
            owner=self._owner(create=True),
            side=side,
            defaults={
                "file_name": crypto.encrypt(held.file_name.encode()),
                "width": photo.width,
                "height": photo.height,
                "data": crypto.encrypt(photo.jpeg),
                "created_at": timezone.now(),
            },
        )
        return held


def release(form_token: str) -> None:
    """The form was sent: its held photos are now card images."""
    HeldPhoto.objects.filter(form_token=form_token).delete()


def sweep(now: datetime | None = None) -> int:
    """Delete the photos held longer than HOLD_FOR; returns how many."""
    now = now or timezone.now()
    deleted, _ = HeldPhoto.objects.filter(created_at__lt=now - HOLD_FOR).delete()
    return deleted
