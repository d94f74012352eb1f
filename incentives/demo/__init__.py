"""Demo data of the incentives app, for `manage.py seed_demo` only (never imported by the portal):
three plans (`plans/*.json`), assignments, targets, an exported run, a run awaiting approval."""

from .seeder import seed

#: `seed_demo` runs the apps' demo seeders in this order (after kpi's facts).
SEED_ORDER = 50

__all__ = ["SEED_ORDER", "seed"]
