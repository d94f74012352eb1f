"""``field__any=ids``: membership in a long list of values as one array parameter.

Django writes ``field__in=[...]`` as ``IN (%s, %s, ...)`` with one placeholder per value: for
the 5,000 employees of a bonus run, the driver spends longer parsing the SQL text than
PostgreSQL spends running it, and every list length is a new statement. On PostgreSQL this
lookup sends ``field = ANY(%s::type[])`` with the values as one array of the column's type;
elsewhere it is ``IN``.
Registered on every field in ``CoreConfig.ready()``.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(dict.fromkeys(self.rhs))  # distinct, in order

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs
        if connection.vendor == "postgresql":
            # typed like the column: against an array of another type (psycopg picks int2[] for small
            # numbers) PostgreSQL cannot hash the array and compares each row with every value
            db_type = self.lhs.output_field.cast_db_type(connection)
            return f"{lhs} = ANY(%s::{db_type}[])", [*lhs_params, values]
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
