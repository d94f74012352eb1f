"""Demo data of the learning app, for `manage.py seed_demo` only (never imported by the portal).

The Spanish collections curriculum as plain data (`curriculum*.py`, no Django) and the seeder
that turns it into Wagtail pages, paths, rules and agent progress (`seeder`).
"""

from .seeder import seed

#: `seed_demo` runs the apps' demo seeders in this order (first: the others build on its paths).
SEED_ORDER = 20

__all__ = ["SEED_ORDER", "seed"]
