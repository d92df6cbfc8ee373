"""Lookups compiled to SQL once per database connection, for the page built most often.

A condition page is built afresh for every condition after each content save (every page
has the content version in its cache key), so at 10,000 conditions its build is most of the
site's work. It reads five small things by one value: the condition by its slug, then its
sections, symptoms, causes and related conditions by its id. Django builds and compiles a
queryset anew on each call, which on lookups this small costs more than running them: 0.45 ms
a query on this site's bench machine, against 0.2 ms for the same SQL through `Manager.raw()`
and 0.04 ms through a cursor (`make profile`).

A `CompiledQuery` asks the ORM, the first time it runs on a connection, for what a queryset
works out before it reads a row: the lookup's SQL (so it follows the models: their fields,
tables and default ordering), the columns' model fields and the converters each column goes
through. From then on it runs that SQL on a cursor and builds each instance as a queryset's
own iterator does (`Model.from_db`), converters applied.
"""

from collections.abc import Callable
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet


class _Compiled(NamedTuple):
    model: type[Model]
    sql: str
    field_names: list[str]
    # (column, its converters, its expression) for the columns that need converting
    converters: list[tuple[int, list[Callable], Any]]


class CompiledQuery:
    def __init__(self, queryset: Callable[[Any], QuerySet]):
        """`queryset(value)` builds the lookup for one value, which must be its only parameter:
        a lookup with a clock or a constant in it would be frozen at its first run. It reads
        one model's own columns: no `select_related`, no annotations."""
        self._queryset = queryset
        # Keyed by connection object, one for each thread and database: a converter may be a
        # method of the connection it was asked of.
        self._compiled: WeakKeyDictionary[Any, _Compiled] = WeakKeyDictionary()

    def __call__(self, value: Any, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(value, using)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, [value])
            rows = cursor.fetchall()
        from_db, field_names = compiled.model.from_db, compiled.field_names
        if not compiled.converters:
            return [from_db(using, field_names, row) for row in rows]
        found = []
        for row in rows:
            row = list(row)
            for column, converters, expression in compiled.converters:
                for converter in converters:
                    row[column] = converter(row[column], expression, connection)
            found.append(from_db(using, field_names, row))
        return found

    def _compile(self, value: Any, using: str) -> _Compiled:
        queryset = self._queryset(value)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()  # also works out compiler.select and klass_info
        if list(params) != [value]:
            raise ValueError(f"A compiled query takes its value as its only parameter, not {params!r}: {sql}")
        info = compiler.klass_info
        if info.get("related_klass_infos") or info["select_fields"] != list(range(len(compiler.select))):
            raise ValueError(f"A compiled query reads one model's own columns: {sql}")
        columns = [expression for expression, _, _ in compiler.select]
        converters = [
            (column, converters, expression)
            for column, (converters, expression) in compiler.get_converters(columns).items()
        ]
        return _Compiled(info["model"], sql, [column.target.attname for column in columns], converters)
