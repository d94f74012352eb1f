"""Demo data of the KPI app, for `manage.py seed_demo` only (never imported by the portal):
three months of daily facts for every demo agent (see `seeder`)."""

from .seeder import seed

#: `seed_demo` runs the apps' demo seeders in this order (after certification).
SEED_ORDER = 40

__all__ = ["SEED_ORDER", "seed"]
