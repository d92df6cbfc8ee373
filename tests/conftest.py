import os
import secrets
import shutil
import tempfile
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import default_key_func

from clinic_site import site_parts
from clinic_site.groups import CONTENT_EDITORS
from conditions.seed import seed_conditions
from locations.seed import seed_locations
from notices.seed import seed_notices


def pytest_configure(config):
    """Give this run databases of its own, so two checkouts can run the suite at the same moment."""
    database = settings.DATABASES["default"]
    run_id = f"{os.getpid()}_{secrets.token_hex(3)}"
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # A file, not memory: requests racing in other threads then open their own connections,
        # as two app server workers would. It lives in a folder of this run's own.
        config._clinic_tmpdir = tempfile.mkdtemp(prefix=f"clinic-test-{run_id}-")
        database.setdefault("TEST", {})["NAME"] = os.path.join(config._clinic_tmpdir, "db.sqlite3")
    else:
        database.setdefault("TEST", {})["NAME"] = f"test_{database['NAME']}_{run_id}"
    # The manifest needs `collectstatic`; tests serve static files as they are on disk.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_unconfigure(config):
    folder = getattr(config, "_clinic_tmpdir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, and no site parts kept, as its database starts empty."""
    cache.clear()
    site_parts.forget()
    yield
    cache.clear()
    site_parts.forget()


@pytest.fixture
def version_queries() -> int:
    """Queries a public page makes for the content version: none when the cache is shared
    (CACHE_URL, as CI runs the suite on Redis), where the version is kept; one otherwise."""
    from clinic_site.page_cache import _shared

    return 0 if _shared() else 1


@pytest.fixture
def seeded(db):
    """The sample content `seed_content` makes: four locations, Back Spasms and the six notices."""
    seed_locations()
    seed_conditions()
    seed_notices()


@pytest.fixture
def published_long_ago(seeded):
    """The sample content, seeded as published and in effect now, made so since 2020: for tests
    that travel back in time."""
    from conditions.models import Condition
    from notices.models import NoticeVersion

    Condition.objects.update(published_at=datetime(2020, 1, 1, tzinfo=UTC))
    NoticeVersion.objects.update(effective_on=date(2020, 1, 1))


@pytest.fixture
def editor(django_user_model):
    """A member of staff in the "Content editors" group, as the front desk would be."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("editor", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


@pytest.fixture
def cache_keys(settings) -> set[tuple[str, int | None]]:
    """Every key the site asks the cache for, on any backend: each one passes through the cache's
    KEY_FUNCTION, so a recording one sees them all, and `cache.get` reads them back."""
    seen: set[tuple[str, int | None]] = set()

    def recording_key_func(key, key_prefix, version):
        seen.add((key, version))
        return default_key_func(key, key_prefix, version)

    settings.CACHES = {
        name: {**config, "KEY_FUNCTION": recording_key_func} for name, config in settings.CACHES.items()
    }
    return seen
