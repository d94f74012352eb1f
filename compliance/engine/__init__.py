"""The contact-rule engine: pure Python (no Django), frozen dataclasses in and out.

``rules`` holds what a rule set is (read from the JSON a ``RuleSetVersion`` stores), ``calendar``
the debtor's local time and the public holidays (the ``holidays`` package), ``check`` the
evaluation of a contact-attempt log, ``defaults`` the rule sets seeded from the fact sheet.
"""

from .check import (
    PROPOSED_ID,
    Attempt,
    Breach,
    check_attempts,
    check_attempts_by_account,
    check_proposed,
    lookback_days,
    next_allowed,
)
from .rules import RuleError, RuleSet, ruleset_from_dict

__all__ = [
    "PROPOSED_ID",
    "Attempt",
    "Breach",
    "RuleError",
    "RuleSet",
    "check_attempts",
    "check_attempts_by_account",
    "check_proposed",
    "lookback_days",
    "next_allowed",
    "ruleset_from_dict",
]
