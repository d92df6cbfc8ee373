"""What keeps the public forms from being used as a weapon: rate limits, a honeypot and a fill-time stamp.

- Rate limits, counted in the shared cache so they hold across app servers and workers: each
  client address may send `INTAKE_SENDS_PER_ADDRESS_PER_HOUR` forms an hour (every attempt
  counts, so a flood costs a cache lookup, not a photo decode), and each email address may
  receive `INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR` submissions an hour (only saved ones count:
  a person correcting mistakes is not held back). A person over a limit is asked to call.
- Bots: a field people never see (`HONEYPOT_FIELD`), and a signed stamp of when the form was
  shown: a form sent back within `INTAKE_MIN_FILL_SECONDS` was not filled in by hand. The form
  treats both as a plain "check and send again", so a person mistaken for a bot loses nothing.

The cache holds counters under keyed hashes only, never an address. A cache that is down
lets every form through (a cache outage costs protection, never a patient's form).
"""

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from clinic_site.security import client_ip

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "homepage"  # a name no browser's autofill fills in
STARTED_FIELD = "started"
STARTED_SALT = "intake.form-started"
WINDOW_SECONDS = 3600  # limits are per hour: counters start afresh on each clock hour


def started_stamp(form_token: str, at: float | None = None) -> str:
    """A signed record that the form carrying `form_token` was shown at `at` (now by default)."""
    return signing.dumps({"token": form_token, "at": time.time() if at is None else at}, salt=STARTED_SALT)


def seconds_since_shown(stamp: str, form_token: str) -> float | None:
    """How long ago the form was shown, or None when the stamp is missing, forged or for another form."""
    try:
        shown = signing.loads(stamp, salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(shown, dict):
        return None
    at = shown.get("at")
    if shown.get("token") != form_token or isinstance(at, bool) or not isinstance(at, int | float):
        return None
    return time.time() - shown["at"]


def filled_by_a_bot(data, form_token: str) -> bool:
    """True when the hidden field was filled in or the form came back too fast to be typed."""
    if data.get(HONEYPOT_FIELD):
        return True
    elapsed = seconds_since_shown(data.get(STARTED_FIELD, ""), form_token)
    return elapsed is None or elapsed < settings.INTAKE_MIN_FILL_SECONDS


def over_address_limit(request: HttpRequest) -> bool:
    """Count one form sent from this client address; True when it is over the hourly limit."""
    return _count("address", client_ip(request)) > settings.INTAKE_SENDS_PER_ADDRESS_PER_HOUR


def over_email_limit(email: str) -> bool:
    """Count one submission for this email address; True when it is over the hourly limit."""
    if not email:
        return False
    return _count("email", email.strip().lower()) > settings.INTAKE_SUBMISSIONS_PER_EMAIL_PER_HOUR


def window_ends() -> float:
    """When the current counting window ends (a Unix time): a person refused may send again then."""
    return (time.time() // WINDOW_SECONDS + 1) * WINDOW_SECONDS


def _count(scope: str, value: str) -> int:
    """Add one to this hour's counter for `value` and return it; 0 when the cache cannot count."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    key = f"intake-limit:{scope}:{digest}:{int(time.time() // WINDOW_SECONDS)}"
    try:
        # add() then incr() is atomic on Redis and per process on local memory: racing workers never lose a count.
        cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
        return cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure: let the form through, as pages do
        logger.warning("Cache unavailable: intake rate limits not counted")
        return 0
