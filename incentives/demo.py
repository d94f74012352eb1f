"""Demo seeder: three plans, assignments, targets, an exported run, a run awaiting approval."""

from __future__ import annotations


def seed(*, world, stdout=None) -> None:  # filled in below
    from incentives.demo_data import seed_incentives

    seed_incentives(world=world, stdout=stdout)
