"""The two questions certification asks the learning app, in one place.

Learning is to the right of certification in the one-way chain, so certification may call
its selectors and services. Expected signatures (see the report to the lead):

    learning.selectors.specialisation_requirements_met(*, employee_id: int,
        specialisation_id: int, day: date) -> bool
    learning.services.renewal_path_assign(*, employee_id: int, specialisation_id: int,
        due: date, reason: str) -> bool   # True when an assignment was created

When learning does not offer them (yet), prerequisites count as met and renewal paths are
not assigned (the certificate event records it).
"""

from __future__ import annotations

import datetime as dt
import logging

logger = logging.getLogger(__name__)


def prerequisites_met(*, employee_id: int, specialisation_id: int, day: dt.date) -> bool:
    try:
        from learning import selectors as learning_selectors
    except ImportError:
        return True
    check = getattr(learning_selectors, "specialisation_requirements_met", None)
    if check is None:
        logger.warning("learning.selectors.specialisation_requirements_met is missing")
        return True
    return bool(check(employee_id=employee_id, specialisation_id=specialisation_id, day=day))


def renewal_path_assign(*, employee_id: int, specialisation_id: int, due: dt.date, reason: str) -> bool:
    try:
        from learning import services as learning_services
    except ImportError:
        return False
    assign = getattr(learning_services, "renewal_path_assign", None)
    if assign is None:
        logger.warning("learning.services.renewal_path_assign is missing")
        return False
    return bool(assign(employee_id=employee_id, specialisation_id=specialisation_id, due=due, reason=reason))
