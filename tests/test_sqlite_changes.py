"""The content version read on SQLite is kept until the database's next commit, never past it
(clinic_site.sqlite_changes). Two servers on one SQLite file: tests/test_freshness.py."""

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import transaction

from clinic_site.sqlite_changes import ChangeCounter, KeptWhileUnchanged


@pytest.fixture
def database(tmp_path: Path) -> sqlite3.Connection:
    """A SQLite file in its default (rollback journal) mode, written by another connection."""
    other = sqlite3.connect(tmp_path / "site.sqlite3", isolation_level=None)
    other.execute("CREATE TABLE version (number INTEGER)")
    other.execute("INSERT INTO version VALUES (1)")
    yield other
    other.close()


def _version(database: sqlite3.Connection) -> int:
    return database.execute("SELECT number FROM version").fetchone()[0]


def _path(database: sqlite3.Connection) -> Path:
    return Path(database.execute("PRAGMA database_list").fetchone()[2])


def test_the_counter_moves_on_every_commit_and_on_nothing_else(database):
    counter = ChangeCounter(_path(database))
    start = counter.read()
    database.execute("SELECT * FROM version").fetchall()
    database.execute("BEGIN")
    database.execute("UPDATE version SET number = 2")
    database.execute("ROLLBACK")
    assert counter.read() == start
    database.execute("UPDATE version SET number = 2")
    moved = counter.read()
    assert moved not in (None, start)
    database.execute("UPDATE version SET number = 3")
    assert counter.read() not in (None, moved)


def test_a_database_replaced_on_disk_is_read_from_the_new_file(database, tmp_path):
    counter = ChangeCounter(_path(database))
    before = counter.read()
    restored = sqlite3.connect(tmp_path / "backup.sqlite3", isolation_level=None)
    for number in range(5):  # a counter unlike the old file's
        restored.execute(f"CREATE TABLE t{number} (x)")
    restored.close()
    os.replace(tmp_path / "backup.sqlite3", _path(database))  # a backup renamed into place
    assert counter.read() not in (None, before)
    assert counter.read() == ChangeCounter(_path(database)).read()


def test_a_file_cut_short_while_a_backup_is_copied_over_it_gives_no_counter(database):
    counter = ChangeCounter(_path(database))
    os.truncate(_path(database), 0)
    assert counter.read() is None


@pytest.mark.django_db(transaction=True)
def test_a_database_file_not_made_yet_is_looked_for_again(database):
    found = iter([FileNotFoundError, ChangeCounter(_path(database))])

    def counter():
        next_one = next(found)
        if next_one is FileNotFoundError:
            raise FileNotFoundError(_path(database))
        return next_one

    reads = []
    kept = KeptWhileUnchanged(lambda: reads.append(1), lambda value: True, counter=counter)
    for _ in range(4):
        kept.get()
    assert len(reads) == 2  # the first two: no file, then a first read under its counter


def test_a_database_in_wal_mode_has_no_counter_to_trust(database):
    counter = ChangeCounter(_path(database))
    database.execute("PRAGMA journal_mode = wal")
    assert counter.read() is None


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page is read
def test_a_value_is_read_again_after_each_commit_and_when_it_runs_out(database):
    reads = []
    fresh = {"until": True}

    def read() -> int:
        reads.append(_version(database))
        return reads[-1]

    kept = KeptWhileUnchanged(read, lambda value: fresh["until"], counter=lambda: ChangeCounter(_path(database)))
    assert [kept.get() for _ in range(3)] == [1, 1, 1]
    assert len(reads) == 1  # kept: nothing was committed since

    database.execute("UPDATE version SET number = 2")  # another server's save
    assert kept.get() == 2
    assert kept.get() == 2 and len(reads) == 2

    fresh["until"] = False  # e.g. a scheduled page's publish time has come
    assert kept.get() == 2 and kept.get() == 2
    assert len(reads) == 4


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_database_is_always_asked(database):
    reads = []
    kept = KeptWhileUnchanged(
        lambda: reads.append(1), lambda value: True, counter=lambda: ChangeCounter(_path(database))
    )
    kept.get()
    with transaction.atomic():  # a save moves the version and reads it back before committing
        kept.get()
        kept.get()
    assert len(reads) == 3


class _ScriptedCounter:
    """A counter that reads what a script says, for moments a test cannot time on a real file."""

    def __init__(self, *values: bytes) -> None:
        self.values = list(values)

    def read(self) -> bytes:
        return self.values.pop(0)


@pytest.mark.django_db(transaction=True)
def test_a_value_is_kept_only_if_the_counter_held_still_while_it_was_read():
    # A commit that fails after writing the header (a full disk, a worker killed mid-commit)
    # leaves the file saying 8 until the next reader rolls it back to 7: read then, the counter
    # says 8 before the query and 7 after it. A commit made later says 8 again, with new
    # content: the value read under the first 8 must not be taken for it.
    counter = _ScriptedCounter(b"8", b"7", b"8", b"8", b"8")
    versions = iter(["content of 7", "content of the real 8"])
    kept = KeptWhileUnchanged(lambda: next(versions), lambda value: True, counter=lambda: counter)
    assert kept.get() == "content of 7"
    assert kept.get() == "content of the real 8"  # asked again, and kept from now on
    assert kept.get() == "content of the real 8"


def test_no_counter_means_every_call_reads():
    reads = []
    kept = KeptWhileUnchanged(lambda: reads.append(1), lambda value: True, counter=lambda: None)
    for _ in range(3):
        kept.get()
    assert len(reads) == 3
