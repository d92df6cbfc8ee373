"""Production settings for a server the tests start themselves (tests/test_faults.py).

As clinic_site.settings, read from the environment the test hands it, except that static
files are served as they are on disk, so the test needs no `collectstatic` (as conftest.py
does for the test client). A test that hands it LIVE_STATIC_ROOT runs `collectstatic` there
and gets the files as production serves them: hashed names, gzipped, cached for a year.
"""

import os
from pathlib import Path

from clinic_site.settings import *  # noqa: F403
from clinic_site.settings import STORAGES

if os.environ.get("LIVE_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["LIVE_STATIC_ROOT"])
else:
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    WHITENOISE_USE_FINDERS = True
