"""Whole-page caching for public content pages that is never stale.

Every cached page records the content version it was built under (see ContentVersion) and is
served only while that version is current, so a save by staff is seen on the next request by
every app server. Where the version is read from:

- a cache every app server shares (Redis, memcached, files): the cache itself. A warm hit is
  at most one round trip, fetching the version and the page together (`get_many`; over Redis
  none while Redis tracks what the thread read, see clinic_site.cache), and no database query.
  A save publishes the new version to the cache once its transaction commits.
- a cache of each process's own (local memory): the database, in one small query, since a
  save made through another process is seen only there. On a SQLite file the query is skipped
  while nothing has been committed since it was last made (sqlite_changes).

A page is kept as its body (and, for clients that accept it, the body gzipped once) plus its
headers, not as a pickled response. Its ETag is computed from the content version and the
request, so a matching `If-None-Match` is answered 304 before any page is fetched or built.
Both are answered by ServeKeptPagesMiddleware, before the rest of the middleware and the view.
A page that changes with the clock alone ("open now", which every page's footer shows) gives
the moment it changes as `request.page_fresh_until` (set by `clinic_locations`); it is kept,
and its ETag matches, only until then.

A cache outage costs speed, never a page: whatever the cache raises, the page is built as if
nothing were cached, and the outage is logged at most once a minute per process.
"""

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from zlib_ng import gzip_ng

from .middleware import DATABASE_UNAVAILABLE, database_unavailable, view_for
from .models import ContentVersion
from .sqlite_changes import KeptWhileUnchanged

LONGEST_SECONDS = 600
# The content version kept in a shared cache expires after this long, so that a save made
# while the cache could not be written shows within a minute once it answers again.
VERSION_SECONDS = 60
VERSION_KEY = "content-version"
# Pages asked with a search term share this many cache slots whatever is typed: made-up
# searches can neither fill the cache nor push out the pages everyone reads.
SEARCH_SLOTS = 64
# Smaller bodies gain nothing from compression.
GZIP_MIN_BYTES = 200
# How long a CDN that honours `CDN-Cache-Control` (RFC 9213) may serve a page it holds while it
# revalidates it in the background (README, "Caching"). Browsers always revalidate first.
STALE_SECONDS = getattr(settings, "PAGE_CACHE_STALE_SECONDS", 30)
# Response headers a page keeps from its view; the rest are added by middleware on each request.
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Last-Modified")

View = Callable[..., HttpResponse]
Normaliser = Callable[[str], str]

logger = logging.getLogger(__name__)


class _OutageLog:
    last_logged: float | None = None

    def report(self, error: Exception) -> None:
        now = time.monotonic()
        if self.last_logged is not None and now - self.last_logged < OUTAGE_LOG_SECONDS:
            return
        self.last_logged = now
        logger.warning("The cache is unavailable; pages are built without it: %s: %s", type(error).__name__, error)


# An outage is logged once, then again at most this often while it lasts, not on every request.
OUTAGE_LOG_SECONDS = 60
outage_log = _OutageLog()


@contextmanager
def cache_outage_tolerated() -> Iterator[None]:
    """Run a cache call; if the cache fails (a Redis that is down, a value that cannot be
    read back), carry on without it."""
    try:
        yield
    except Exception as error:  # any backend, any failure: a cache is only ever an optimisation
        outage_log.report(error)


def cache_available() -> bool:
    """Whether the cache answers a read (for /health/)."""
    with cache_outage_tolerated():
        cache.get("health:probe")
        return True
    return False


def _shared() -> bool:
    """Whether every app server sees the same cache (anything but each process's own memory)."""
    return not isinstance(caches["default"], LocMemCache)


# --- The content version --------------------------------------------------------------------


def _from_database() -> tuple[str, float]:
    """The version and when it next changes by itself (a timestamp, 0 for never), in one query
    (none on SQLite while nothing has been committed since it was last read)."""
    return _version_in_database.get()


def _query_version() -> tuple[str, float]:
    """The query `_from_database` makes, and its answer when the row is missing or out of date."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, changes_at FROM {ContentVersion._meta.db_table} WHERE id = %s",  # noqa: S608 (a table name)
            [ContentVersion.SINGLETON_ID],
        )
        row = cursor.fetchone()
    if row is None or (row[1] is not None and _timestamp(row[1]) <= time.time()):
        version = ContentVersion.current()  # creates the row, or moves past a scheduled change
        return str(version.number), _timestamp(version.changes_at)
    return str(row[0]), _timestamp(row[1])


def _not_run_out(version: tuple[str, float]) -> bool:
    return not version[1] or time.time() < version[1]


_version_in_database = KeptWhileUnchanged(_query_version, _not_run_out)


def _timestamp(value: datetime | str | None) -> float:
    if value is None:
        return 0.0
    if isinstance(value, str):  # SQLite through a raw cursor: UTC, as Django stores it
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def publish_version() -> None:
    """Put the content version in a shared cache, when content changes.

    Inside a transaction the new number is not yet what other servers' queries see, so a page
    they built under it could hold the old content: until the commit, the cache holds a
    pending version no page will be kept under after it ("12-<random>"), and the number alone
    once the transaction commits. Should that second write fail, the pending one expires
    within VERSION_SECONDS.
    """
    if not _shared():
        return
    number, changes_at = _from_database()
    if connection.in_atomic_block:
        with cache_outage_tolerated():
            cache.set(VERSION_KEY, (f"{number}-{secrets.token_hex(4)}", changes_at), VERSION_SECONDS)
        transaction.on_commit(publish_version, robust=True)
        return
    with cache_outage_tolerated():
        cache.set(VERSION_KEY, (number, changes_at), VERSION_SECONDS)
        # Redis tells every server keeping a copy of the version (clinic_site.cache) in the turn
        # that answers the set; its answer to one more command comes after they are all told.
        cache.has_key(VERSION_KEY)


def _version_and_entry(page_key: str | None) -> tuple[str, float, tuple | None, bool]:
    """The current content version, when it next changes by itself, the cached page under
    `page_key` (None: not asked, or not there), and whether the cache answered. At most one
    cache round trip when the cache is shared."""
    keys = [VERSION_KEY, page_key] if page_key else [VERSION_KEY]
    found, answered = {}, False
    if _shared():
        with cache_outage_tolerated():
            found, answered = cache.get_many(keys), True
        version = found.get(VERSION_KEY)
        if version is None or (version[1] and version[1] <= time.time()):
            version = _from_database()
            if answered:  # a cache that just failed is not asked again: a hung one costs its timeout each time
                with cache_outage_tolerated():
                    # add, not set: a save publishing a newer version at this moment must win.
                    cache.add(VERSION_KEY, version, VERSION_SECONDS)
        return version[0], version[1], found.get(page_key), answered
    version = _from_database()
    entry = None
    with cache_outage_tolerated():
        entry, answered = (cache.get(page_key) if page_key else None), True
    return version[0], version[1], entry, answered


# --- Keys, ETags and entries ----------------------------------------------------------------


def _accepts_gzip(request: HttpRequest) -> bool:
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return "gzip" in accepted and "gzip;q=0" not in accepted.replace(" ", "")


def _etag(version: str, digest: str, until: float, encoding: str) -> str:
    return f'"{version}.{digest[:20]}.{int(until)}.{encoding}"'


def _matches(request: HttpRequest, version: str, digest: str, encoding: str) -> str | None:
    """The client's ETag when it is this page's at this version and has not run out, else None."""
    for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        parts = tag.strip('"').split(".")
        if len(parts) != 4 or parts[:2] != [str(version), digest[:20]] or parts[3] != encoding:
            continue
        if not parts[2].isdigit():
            continue
        until = int(parts[2])
        if until == 0 or time.time() < until:
            return tag
    return None


def _finish(response: HttpResponse, etag: str, until: float) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Accept-Encoding"])
    # A CDN may serve its copy for a few seconds while it revalidates, but never past the moment
    # the page changes by the clock ("open now"): the window ends before it.
    stale = STALE_SECONDS if not until else min(STALE_SECONDS, int(until - time.time()))
    if stale > 0:
        response["CDN-Cache-Control"] = f"max-age=0, stale-while-revalidate={stale}"
    return response


def _from_entry(entry: tuple) -> HttpResponse:
    _, _, _, headers, body, content_encoding = entry
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    if content_encoding:
        response["Content-Encoding"] = content_encoding
    response["Content-Length"] = str(len(body))
    return response


class _Lookup(NamedTuple):
    """Where a page is kept, and what its lookup found, for building it."""

    variant: str
    digest: str
    encoding: str
    slot: str
    key: str
    number: str
    changes_at: float
    answered: bool


def _entries(found: _Lookup, until: float, response: HttpResponse) -> dict:
    """What the cache keeps of a page: its body as built and, when a client that accepts gzip
    asked for it (every browser does), gzipped once (small ones as built)."""
    headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
    plain = response.content
    kept = (found.number, found.variant, until, headers)
    entries = {f"page:{found.slot}:identity": (*kept, plain, "")}
    if found.encoding == "gzip":
        body = (gzip_ng.compress(plain, 6, mtime=0), "gzip") if len(plain) >= GZIP_MIN_BYTES else (plain, "")
        entries[f"page:{found.slot}:gzip"] = (*kept, *body)
    return entries


class PublicPage:
    """How a cached view's pages are kept and found again.

    `query` names the parameters that make a separate copy, each with a function that turns
    what was typed into its canonical value ("" when absent or not understood), so made-up
    query strings share one copy. When the parameter named `search` is given, the page takes
    one of SEARCH_SLOTS slots.
    """

    def __init__(self, query: Mapping[str, Normaliser], search: str) -> None:
        self.query = dict(sorted(query.items()))
        self.search = search

    def kept_answer(self, request: HttpRequest) -> HttpResponse | None:
        """The 304 or the kept page for this request, or None when the page must be built.

        What it read (the version, the key) is left on the request for `build`, so a page
        looked up by ServeKeptPagesMiddleware and then built costs no second round trip."""
        values = {name: normalise(request.GET.get(name, "")) for name, normalise in self.query.items()}
        variant = f"{request.method} {request.path}?" + "&".join(f"{k}={v}" for k, v in values.items() if v)
        digest = hashlib.sha256(variant.encode()).hexdigest()
        encoding = "gzip" if _accepts_gzip(request) else "identity"
        slot = f"search-{int(digest, 16) % SEARCH_SLOTS}" if self.search and values.get(self.search) else digest[:32]
        key = f"page:{slot}:{encoding}"
        revalidating = "HTTP_IF_NONE_MATCH" in request.META
        number, changes_at, entry, answered = _version_and_entry(None if revalidating else key)
        request.page_lookup = _Lookup(variant, digest, encoding, slot, key, number, changes_at, answered)
        if revalidating:
            tag = _matches(request, number, digest, encoding)
            if tag:
                not_modified = HttpResponseNotModified()
                not_modified.revalidates_page = True  # keeps the page's policy (SecurityHeadersMiddleware)
                return _finish(not_modified, tag, float(tag.strip('"').split(".")[2]))
            if answered:
                with cache_outage_tolerated():
                    entry = cache.get(key)
        if entry and entry[0] == number and entry[1] == variant and (not entry[2] or time.time() < entry[2]):
            return _finish(_from_entry(entry), _etag(number, digest, entry[2], encoding), entry[2])
        return None

    def build(self, request: HttpRequest, view: View, *args, **kwargs) -> HttpResponse:
        """Build the page with `view` and keep it, after `kept_answer` found nothing."""
        found = request.page_lookup
        request.content_version = found.number  # the page's site parts are reused under it (site_parts)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        # Only a complete public answer is shared: no errors, no cookies (a CSRF token's).
        if response.status_code != 200 or response.cookies or response.streaming:
            patch_cache_control(response, public=True, no_cache=True)
            return response
        # A page showing "open now" is kept until it changes.
        fresh_until = getattr(request, "page_fresh_until", None)
        until = fresh_until.timestamp() if fresh_until else 0.0
        entries = _entries(found, until, response)
        if found.answered:
            now = time.time()
            seconds = max(1, min([LONGEST_SECONDS, *(int(t - now) for t in (found.changes_at, until) if t)]))
            with cache_outage_tolerated():
                cache.set_many(entries, seconds)
        etag = _etag(found.number, found.digest, until, found.encoding)
        return _finish(_from_entry(entries[found.key]), etag, until)


def cache_public_page(*, query: Mapping[str, Normaliser] | None = None, search: str = "") -> Callable[[View], View]:
    """Cache a public page whole (see PublicPage for `query` and `search`).

    Kept pages are normally answered by ServeKeptPagesMiddleware before the view is reached;
    the view answers them itself when the request comes by another way."""
    page = PublicPage(query or {}, search)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not hasattr(request, "page_lookup"):
                answer = page.kept_answer(request)
                if answer is not None:
                    return answer
            return page.build(request, view, *args, **kwargs)

        wrapper.public_page = page  # wraps() carries it to decorators outside this one
        return wrapper

    return decorator


class ServeKeptPagesMiddleware:
    """Answer a kept public page, or its 304, before the middleware after this one and the
    URL's view run.

    Those answer nothing a kept page needs: sessions, CSRF, sign-in, messages and the staff
    checks are never read by a public page (it is the same for everyone), and the headers
    every response carries come from the middleware before this one. What they would check is
    checked here: the Host header (CommonMiddleware's ALLOWED_HOSTS check), and a database
    out of reach answers the 503 page as DatabaseUnavailableMiddleware would.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not _asks_if_modified_since_alone(request):
            page = getattr(view_for(request.path_info), "public_page", None)
            if page is not None:
                request.get_host()  # a Host outside ALLOWED_HOSTS is refused (400) here too
                try:
                    answer = page.kept_answer(request)
                except DATABASE_UNAVAILABLE as error:  # the version, over each process's own cache
                    return database_unavailable(error)
                if answer is not None:
                    return answer
        return self.get_response(request)


def _asks_if_modified_since_alone(request: HttpRequest) -> bool:
    """A client revalidating by date only (the sitemap's sections send Last-Modified): the
    page goes the long way, where ConditionalGetMiddleware answers it."""
    return "HTTP_IF_MODIFIED_SINCE" in request.META and "HTTP_IF_NONE_MATCH" not in request.META


def versioned(name: str, build: Callable[[], tuple[object, float] | None]) -> object:
    """A value built once per content version and kept in the cache under `name`.

    `build` returns the value and when it stops being right by the clock alone (a timestamp, 0
    for never), or None for nothing to keep. For what is the same for everyone until content
    changes (an empty form), never for anything a visitor typed. Read with the version in one
    round trip, like a page; a cache outage only means building it each time."""
    key = f"fragment:{name}"
    number, changes_at, entry, answered = _version_and_entry(key)
    now = time.time()
    if entry and entry[0] == number and (not entry[2] or now < entry[2]):
        return entry[1]
    built = build()
    if built is None:
        return None
    value, until = built
    if answered:
        seconds = max(1, min([LONGEST_SECONDS, *(int(t - now) for t in (changes_at, until) if t)]))
        with cache_outage_tolerated():
            cache.set(key, (number, value, until), seconds)
    return value
