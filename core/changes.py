"""Change tokens on SQLite: what ``core.selectors.rows_change_marker`` reads where there is no ``xmin``.

PostgreSQL tells a row's writer by its system columns (see ``rows_change_marker``). SQLite has none,
so on SQLite each table an app declares with :func:`change_marked` gets three triggers (after insert,
update, delete) that give the table's row in ``acr_change_token`` a new random 64-bit token. The
triggers live in the database, so every write counts: the ORM's ``save``/``update``/``delete``,
``bulk_create``, raw SQL, a data migration; nothing has to remember to signal.

Why a random token and not a counter: SQLite rolls a trigger's write back with the transaction, so
a counter would go back to a value it had and then reach it again by another write, and a cache
keyed on it could answer with what the rolled-back transaction saw. A random token that a rollback
restores belongs to exactly the data it restored; a new write draws a new one.

The triggers and the tokens are (re)made after every ``migrate`` and ``flush`` (``post_migrate``),
which also draws new tokens for every table: a migration that rebuilt a table (SQLite's way to alter
one, which drops its triggers) or wrote rows before the triggers were back is counted as a change.
A table without its three triggers or its token row reads as unmarked (``None``): never cached.
"""

from __future__ import annotations

from django.db import DatabaseError

#: the tables whose writes change their token (``change_marked``)
MARKED_TABLES: set[str] = set()
CHANGE_TABLE = "acr_change_token"
TRIGGER_PREFIX = "acr_changed_"
OPERATIONS = ("insert", "update", "delete")


def change_marked(*models) -> None:
    """Declare tables whose change marker a cache is keyed on (call from ``AppConfig.ready``)."""
    MARKED_TABLES.update(model._meta.db_table for model in models)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def change_triggers_install(*, connection) -> None:
    """SQLite: the token table, three triggers per marked table, and a fresh token for each."""
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    # every name below is a constant or a model's table name (model metadata, never input)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (tbl TEXT PRIMARY KEY, token INTEGER NOT NULL)")
        for table in sorted(MARKED_TABLES & existing):
            renew = f"UPDATE {CHANGE_TABLE} SET token = random() WHERE tbl = '{table.replace(chr(39), chr(39) * 2)}'"  # noqa: S608
            for op in OPERATIONS:
                name = _quote(TRIGGER_PREFIX + table + "_" + op)
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {_quote(table)} BEGIN {renew}; END")
            upsert = f"INSERT INTO {CHANGE_TABLE} (tbl, token) VALUES (%s, random()) ON CONFLICT (tbl) DO UPDATE SET token = random()"  # noqa: S608, E501
            cursor.execute(upsert, [table])


def change_tokens(*, connection, tables: list[str]) -> str | None:
    """SQLite: the tokens of ``tables`` in one statement, or None if one of them is not marked
    (no token row, or not all three triggers), or the database predates the tokens."""
    one = f"(SELECT token FROM {CHANGE_TABLE} WHERE tbl = %s AND (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name GLOB '{TRIGGER_PREFIX}*') = {len(OPERATIONS)})"  # noqa: S608, E501
    parts, params = [one] * len(tables), [name for table in tables for name in (table, table)]
    try:
        with connection.cursor() as cursor:
            # `||` is NULL if any part is: one unmarked table and the whole marker is None
            cursor.execute("SELECT " + " || '|' || ".join(parts), params)  # noqa: S608
            return cursor.fetchone()[0]
    except DatabaseError:  # a database migrated before the token table existed: no marker, no cache
        return None
