"""Encryption at rest for what a patient uploads or types about their insurance.

Keys come from settings.INTAKE_ENCRYPTION_KEYS, newest first. MultiFernet encrypts with the
newest and decrypts with any, so a key is rotated by putting a new one first, running
`manage.py intake_reencrypt`, and then removing the old one.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

__all__ = ["EncryptedTextField", "InvalidToken", "decrypt", "encrypt", "rotate"]


@cache
def _fernet() -> MultiFernet:
    keys = settings.INTAKE_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("INTAKE_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("INTAKE_ENCRYPTION_KEYS holds a key that is not a Fernet key.") from error


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting == "INTAKE_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    return _fernet().decrypt(bytes(token))


def rotate(token: bytes) -> bytes:
    """The same plaintext, encrypted again under the newest key."""
    return _fernet().rotate(bytes(token))


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token: readable only with a key, never searchable."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value.encode("ascii")).decode("utf-8")

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value.encode("utf-8")).decode("ascii")
