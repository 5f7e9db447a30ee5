"""Plain executemany writes for the import engine.

Django's bulk_create builds one Python object per row; for a hundred thousand
rows that is most of the time spent. These helpers write tuples straight
through the database cursor, with table and column names taken from the
models, inside the caller's transaction. Database constraints remain the
safety net.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Field, Model

BATCH = 5000


def _columns(model: type[Model], names: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    return [quote(str(field.column)) for field in fields if isinstance(field, Field)]


def insert_rows(
    model: type[Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(str(model._meta.db_table))
    cols = _columns(model, names)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
            if progress is not None:
                progress(min(start + BATCH, len(rows)))


def update_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Each row is the new values of ``names`` followed by the primary key."""
    if not rows:
        return
    table = connection.ops.quote_name(str(model._meta.db_table))
    assignments = ", ".join(f"{col} = %s" for col in _columns(model, names))
    pk = connection.ops.quote_name(str(model._meta.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


@contextmanager
def large_cache(kib: int = 262144) -> Iterator[None]:
    """On SQLite, a page cache big enough for the indexes of a large import (restored afterwards)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def date_adapter() -> Callable[[Any], Any]:
    """The database's date adapter, memoised (an import has few distinct dates)."""
    adapt = connection.ops.adapt_datefield_value
    cache: dict[Any, Any] = {None: None}

    def adapted(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = adapt(value)
            return result

    return adapted


def reserve_ids(model: type[Model], count: int) -> list[int]:
    """Primary keys for ``count`` new rows, so that rows referring to them can be written at once.

    PostgreSQL hands them out from the column's sequence. On SQLite the caller
    is inside a transaction that holds the write lock (BEGIN IMMEDIATE), so
    the numbers after the largest ever used stay free until it commits.
    """
    if count <= 0:
        return []
    table = str(model._meta.db_table)
    pk = str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite" or not connection.in_atomic_block:
            raise RuntimeError("reserve_ids needs PostgreSQL, or SQLite inside a transaction")
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({quote(pk)}) FROM {quote(table)}), 0))",
            [table],
        )
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))
