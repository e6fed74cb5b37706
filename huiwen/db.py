"""Database helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Insert ``rows`` (values of ``fields``, as the columns hold them) into ``model``'s
    table in one statement: no model instances, no signals, no keys returned.

    For the small rows collection writes with every page (a text's band keys, a draft's
    tags): ``bulk_create`` builds an instance and its SQL per row, 0.33 ms for 20 rows of
    two integers on either engine, against 0.07 ms here."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([row_marks] * len(rows))}",
            [value for row in rows for value in row],
        )
