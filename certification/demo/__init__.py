"""Demo data of the certification app, for `manage.py seed_demo` only (never imported by the
portal): question banks from `questions.gift` and `extra_questions.py`, exams, attempts and
certificates in every status (see `seeder`)."""

from .seeder import seed

#: `seed_demo` runs the apps' demo seeders in this order (after learning: exams need its paths).
SEED_ORDER = 30

__all__ = ["SEED_ORDER", "seed"]
