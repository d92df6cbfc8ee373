"""Lookups compiled to SQL once per process, for the page built most often.

A condition page is built afresh for every condition after each content save (every page
has the content version in its cache key), so at 10,000 conditions its build is most of the
site's work. It reads five small things by one value: the condition by its slug, then its
sections, symptoms, causes and related conditions by its id. Django builds and compiles a
queryset anew on each call, which on lookups this small costs more than running them: 0.45 ms
a query on this site's bench machine, against 0.2 ms for the same SQL through `Manager.raw()`
(`make profile`).

A `CompiledQuery` asks the ORM for a lookup's SQL the first time it runs on a database (so the
SQL follows the models: their fields, tables and default ordering) and from then on runs that
SQL through `raw()`, which converts the columns and builds model instances as a queryset does.
"""

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet


class CompiledQuery:
    def __init__(self, queryset: Callable[[Any], QuerySet]):
        """`queryset(value)` builds the lookup for one value, which must be its only parameter:
        a lookup with a clock or a constant in it would be frozen at its first run."""
        self._queryset = queryset
        self._compiled: dict[str, tuple[type[Model], str]] = {}

    def __call__(self, value: Any, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        compiled = self._compiled.get(using)
        if compiled is None:
            queryset = self._queryset(value)
            sql, params = queryset.query.get_compiler(using).as_sql()
            if list(params) != [value]:
                raise ValueError(f"A compiled query takes its value as its only parameter, not {params!r}: {sql}")
            compiled = self._compiled[using] = (queryset.model, sql)
        model, sql = compiled
        return list(model._default_manager.using(using).raw(sql, [value]))
