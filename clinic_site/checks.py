"""System checks of our own, registered when the app is ready (see apps.py)."""

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.caches, deploy=True)
def check_caches_answer(app_configs, **kwargs) -> list[CheckMessage]:
    """Each configured cache can be imported and answers a read.

    A deploy check (`check --deploy`), not one run by every `manage.py` command: it needs the
    cache server up, which a migration or `runserver` under DEBUG should not depend on.
    The site itself survives a cache outage; this catches a deployment that would never
    have had a cache at all (a missing client library, a wrong address).
    """
    errors: list[CheckMessage] = []
    for alias, config in settings.CACHES.items():
        backend = config.get("BACKEND", "")
        try:
            caches[alias].get("check:probe")
        except (ImportError, InvalidCacheBackendError) as error:
            errors.append(
                Error(
                    f"The {alias!r} cache backend {backend} cannot be imported: {error}",
                    hint="Install its client library (pinned in requirements.txt), or fix CACHE_URL.",
                    id="clinic_site.E001",
                )
            )
        except Exception as error:  # whatever the backend raises when its server does not answer
            errors.append(
                Error(
                    # Not its LOCATION, which may hold a password.
                    f"The {alias!r} cache ({backend}) cannot be reached: {error}",
                    hint="Start the cache server, or fix the address in CACHE_URL.",
                    id="clinic_site.E002",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_second_factor_required(app_configs, **kwargs) -> list[CheckMessage]:
    """In production every member of staff signs in with a second factor (OTP_REQUIRED)."""
    if settings.DEBUG or settings.OTP_REQUIRED:
        return []
    return [
        Warning(
            "OTP_REQUIRED is off with DEBUG off: staff reach patient data in the admin with a password alone.",
            hint="Unset OTP_REQUIRED (it is on by default when DEBUG is off) or set OTP_REQUIRED=true.",
            id="clinic_site.W001",
        )
    ]
