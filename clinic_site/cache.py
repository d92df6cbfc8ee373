"""Django's Redis cache, keeping one client per connection pool, and reading a warm page's
one round trip on a connection of the thread's own.

Django's backend builds a new `redis.Redis` client for every call; building one costs about
as much as the round trip it makes, on every page a warm hit serves. A client is safe to
share between threads (its pool hands each command a connection), so one is kept per pool.

Every warm page is one MGET (the content version and the page, see page_cache). Through the
client it costs about 100 µs of CPU more than the round trip itself (the pool, the retry
wrapper, the metrics hooks): 167 against 63 µs on the bench machine, as much again as the
rest of a kept page. So `get_many` sends it on a connection each thread keeps, made with the
pool's own settings (server, database, password, TLS, timeouts, parser).
"""

import threading

from django.core.cache.backends import redis


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
        found = zip(keys, self._mget(keys), strict=True)
        return {key: self._serializer.loads(value) for key, value in found if value is not None}

    def _mget(self, keys: list[str]) -> list:
        try:
            return self._mget_once(keys)
        except self._lib.exceptions.ConnectionError:
            return self._mget_once(keys)  # the server had closed it (Redis restarted): once more, as the client would

    def _mget_once(self, keys: list[str]) -> list:
        connection = self._thread_connection()
        try:
            connection.send_command("MGET", *keys)
            return connection.read_response()
        except BaseException:  # closed, so that a late answer is never read as the next command's
            connection.disconnect()
            raise

    def _thread_connection(self):
        connection = getattr(self._threads, "connection", None)
        if connection is None:
            pool = self._get_connection_pool(write=False)
            connection = self._threads.connection = pool.connection_class(**pool.connection_kwargs)
        return connection


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
