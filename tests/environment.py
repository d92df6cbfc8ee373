"""The environment the test suite runs in, set before Django reads its settings.

Loaded as a pytest plugin (`-p tests.environment` in pyproject.toml) because pytest-django
imports the settings before any conftest.py runs. Values already in the environment win,
so `DATABASE_URL=postgres://... make test` runs the suite on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("HTTPS_ONLY", "false")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("SITE_URL", "https://www.clinic.example")
# Production settings refuse to start without an encryption key for card images; a fixed
# key for tests only.
os.environ.setdefault("INTAKE_ENCRYPTION_KEYS", "oyP14Y-DqH-z912x55k4etMZ1GDppMGLDsY33XOjuno=")
# Staff's second factor is off unless a test turns it on (tests/test_two_factor.py and the
# browser test of setting it up): other tests sign in to the admin with a password alone.
os.environ.setdefault("OTP_REQUIRED", "false")
# Playwright's sync API keeps an event loop in the test thread; Django would refuse ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
