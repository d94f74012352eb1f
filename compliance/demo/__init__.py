"""Demo data of the compliance app, for `manage.py seed_demo` only (never imported by the portal):
two months of contact logs for demo agents with planted breaches (see `seeder`)."""

from .seeder import seed

#: `seed_demo` runs the apps' demo seeders in this order (after incentives: the remedial courses exist).
SEED_ORDER = 60

__all__ = ["SEED_ORDER", "seed"]
