"""Django's Redis cache, keeping one client per connection pool, and answering a warm page's
read from copies each thread keeps while Redis promises to say when they change.

Django's backend builds a new `redis.Redis` client for every call; building one costs about
as much as the round trip it makes, on every page a warm hit serves. A client is safe to
share between threads (its pool hands each command a connection), so one is kept per pool.

Every warm page is one read of the content version and the page together (`get_many`, see
page_cache). It goes on a connection each thread keeps, made with the pool's own settings
(server, database, password, TLS, timeouts, parser) in RESP3 with client tracking on: Redis
remembers the keys that connection read and, when any server changes one, pushes a notice
down it in the same turn as it answers the change (before the saving request gets its
answer). So the values it read are kept in the thread's memory and answered from there, after
reading whatever notices are waiting (a poll of the socket, no round trip), until a notice
drops them, the connection breaks, or LOCAL_SECONDS pass. A save is still seen on the next
request on every server, and a warm page costs no round trip to Redis at all.

RESP3 needs Redis 6 or later. Where tracking is refused (an ACL, a proxy), every read goes to
Redis.
"""

import threading
import time

from django.core.cache.backends import redis

# Kept copies are read again from Redis after this long, even without a notice: the bound on
# staleness should a connection be cut without either side seeing it.
LOCAL_SECONDS = 5
# The most values a thread keeps (the oldest go first): a page is 5 to 40 KB.
LOCAL_ENTRIES = 64


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._threads = threading.local()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def get_many(self, keys):
        keys = list(keys)
        copies = self._thread_copies()
        kept = copies.kept(keys)
        if kept is not None:
            return kept
        found = zip(keys, self._mget(copies, keys), strict=True)
        values = {key: self._serializer.loads(value) for key, value in found if value is not None}
        copies.keep(values)
        return values

    def clear(self):
        flushed = super().clear()
        # Answered once Redis has told every tracking connection of the flush (as publish_version).
        self.get_client(write=True).ping()
        return flushed

    def _mget(self, copies: "_ThreadCopies", keys: list[str]) -> list:
        try:
            return copies.mget(keys)
        except self._lib.exceptions.ConnectionError:
            return copies.mget(keys)  # the server had closed it (Redis restarted): once more, as the client would

    def _thread_copies(self) -> "_ThreadCopies":
        copies = getattr(self._threads, "copies", None)
        if copies is None:
            copies = self._threads.copies = _ThreadCopies(self._get_connection_pool(write=False), self._lib)
        return copies


class _ThreadCopies:
    """A thread's own connection to Redis and the values read on it that Redis tracks."""

    def __init__(self, pool, lib) -> None:
        self._errors = lib.exceptions
        self.values: dict[str, tuple[object, float]] = {}  # key: (value, when it was read)
        self.tracked = False
        self.connection = pool.connection_class(**{**pool.connection_kwargs, "protocol": 3})
        self.connection.register_connect_callback(self._track)

    def _track(self, connection) -> None:
        """On every (re)connection: nothing read before is tracked on it any more."""
        self.values.clear()
        self.tracked = False
        try:
            connection.send_command("CLIENT", "TRACKING", "ON")
            connection.read_response()
        except self._errors.ResponseError:  # not offered or not allowed: every read goes to Redis
            return
        connection._parser.set_invalidation_push_handler(self._forget)
        self.tracked = True

    def _forget(self, notice: list) -> None:
        """A notice from Redis: these keys changed (None: the database was flushed)."""
        if notice[1] is None:
            self.values.clear()
        for key in notice[1] or ():
            self.values.pop(key.decode(), None)

    def kept(self, keys: list[str]) -> dict | None:
        """The values of `keys` kept in memory and unchanged in Redis, or None to read them."""
        if not self.values:
            return None
        try:
            while self.connection.can_read():
                self.connection.read_response(push_request=True)  # a notice: _forget drops what changed
        except self._errors.ConnectionError:  # closed by the server: the read after this one connects again
            self.connection.disconnect()
            self.values.clear()
            return None
        oldest = time.monotonic() - LOCAL_SECONDS
        found = {}
        for key in keys:
            kept = self.values.get(key)
            if kept is None or kept[1] < oldest:
                return None
            found[key] = kept[0]
        return found

    def keep(self, values: dict) -> None:
        if not self.tracked:
            return
        now = time.monotonic()
        for key, value in values.items():
            self.values.pop(key, None)
            self.values[key] = (value, now)
        while len(self.values) > LOCAL_ENTRIES:
            del self.values[next(iter(self.values))]

    def mget(self, keys: list[str]) -> list:
        try:
            self.connection.send_command("MGET", *keys)
            return self.connection.read_response()  # a notice read before the answer runs _forget first
        except BaseException:  # closed, so that a late answer is never read as the next command's
            self.connection.disconnect()
            raise


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
