"""Settings for `make bench`: the site's own, plus the floor page (bench/urls.py) and static
files served as they are on disk, so a run needs no `collectstatic`."""

from clinic_site.settings import *  # noqa: F403
from clinic_site.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
