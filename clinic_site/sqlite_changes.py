"""Whether a SQLite database has had a commit since a value was read from it, without a query.

On SQLite with each process's own cache, a kept page reads the content version from the
database on every request, and that query was a quarter of the page's cost (90 of 370 µs in
one process on the bench machine). SQLite keeps a change counter in its file header (4 bytes
at offset 24, written again at 92) and adds one on every commit that changes the file, in the
rollback-journal modes it uses unless told otherwise; its own connections read it to learn
whether their caches still hold (https://www.sqlite.org/fileformat2.html#file_change_counter).
Reading the header costs two system calls and no query.

`KeptWhileUnchanged` keeps one value with the counter it was read under and gives it back
while the counter has not moved. The counter is read before and after the query and the value
kept only when the two agree: a commit in between moves it. Inside a transaction the database
is always asked, since it shows this connection its own changes before they commit.

Not used on a database in memory or in WAL mode (header byte 18 is 2), where a commit need not
move the counter. A database file replaced on disk (a backup restored by renaming it into
place) is noticed and opened again; one copied over the file in place moves the counter.
"""

import os
from collections.abc import Callable
from pathlib import Path

from django.db import connection

_ROLLBACK_JOURNAL = 1  # header byte 18 ("file format write version"); 2 is WAL
_HEADER_BYTES = 100


class ChangeCounter:
    """A SQLite database file's change counter."""

    def __init__(self, path: Path | str) -> None:
        self._path = path
        self._file = os.open(path, os.O_RDONLY)

    def read(self) -> bytes | None:
        """The counter, or None when it does not tell: the file is in WAL mode or cannot be
        read, or a write under way left its two copies different."""
        try:
            if os.fstat(self._file).st_nlink == 0:  # replaced by another file: read that one
                self._reopen()
            header = os.pread(self._file, _HEADER_BYTES, 0)
        except OSError:
            return None
        counter = header[24:28]
        if len(header) < _HEADER_BYTES or header[18] != _ROLLBACK_JOURNAL or counter != header[92:96]:
            return None
        return counter

    def _reopen(self) -> None:
        replacement = os.open(self._path, os.O_RDONLY)
        os.close(self._file)
        self._file = replacement


def database_counter() -> ChangeCounter | None:
    """The default database's counter when it is a SQLite file; None when there is none to
    read. Raises FileNotFoundError while the file has not been made (asked again later)."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return None
    try:
        return ChangeCounter(connection.settings_dict["NAME"])
    except FileNotFoundError:
        raise
    except OSError:  # unreadable: read the version the usual way
        return None


class KeptWhileUnchanged:
    """A value read from the default database, kept until the database's next commit.

    `is_fresh(value)` may also turn down a kept value (one that runs out with the clock).
    `counter` finds the database's counter on first use (see `database_counter`)."""

    def __init__(
        self,
        read: Callable[[], object],
        is_fresh: Callable[[object], bool],
        counter: Callable[[], ChangeCounter | None] = database_counter,
    ) -> None:
        self._read = read
        self._is_fresh = is_fresh
        self._find_counter = counter
        self._counter: ChangeCounter | None | bool = False  # False: not found yet
        self._kept: tuple[bytes, object] | None = None

    def get(self):
        if connection.in_atomic_block or not connection.autocommit:
            return self._read()  # this connection may see its own changes, not yet committed
        counter = self._counter_for_this_database()
        before = counter.read() if counter else None
        kept = self._kept
        if before is not None and kept and kept[0] == before and self._is_fresh(kept[1]):
            return kept[1]
        value = self._read()
        if before is not None and counter.read() == before:
            self._kept = (before, value)
        return value

    def _counter_for_this_database(self) -> ChangeCounter | None:
        if self._counter is False:
            try:
                self._counter = self._find_counter()
            except FileNotFoundError:  # not made yet (the server started before migrate)
                return None
        return self._counter
