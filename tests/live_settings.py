"""Production settings for a server the tests start themselves (tests/test_faults.py).

As clinic_site.settings, read from the environment the test hands it, except that static
files are served as they are on disk, so the test needs no `collectstatic` (as conftest.py
does for the test client).
"""

from clinic_site.settings import *  # noqa: F403
from clinic_site.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
