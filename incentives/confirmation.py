"""The token a confirmation step carries: what the approver was shown, as one digest.

The confirmation page (``views.run_confirm``) shows the teams, the people, the totals per currency
and the largest changes of a run, and posts ``confirmation_token(run)`` with the approval. The
services (submit, team approval, final approval) compare it with the run as it is when they lock
it: a run recomputed since (``computed_at`` and the input fingerprint change), or whose payouts or
approved adjustments changed, refuses the approval (``run_changed_since_confirmation``) and the
approver is shown the new figures. A change of the inputs themselves (a KPI correction) is caught
by the staleness check the services already make (``incentives.fingerprint``).

The token is not a secret (anyone who can read the run could compute it): it proves nothing about
who approves, only that the figures did not move under the approver's eyes; the services still
check the role, the scope and the four eyes.
"""

from __future__ import annotations

import hashlib
import json

from incentives.models import AdjustmentStatus, PayoutRun


def confirmation_token(run: PayoutRun) -> str:
    adjustments = sorted(
        (pk, str(amount), currency)
        for pk, amount, currency in run.adjustments.filter(status=AdjustmentStatus.APPROVED).values_list(
            "pk", "amount", "currency"
        )
    )
    state = [
        run.pk,
        run.computed_at.isoformat() if run.computed_at else "",
        (run.fingerprint or {}).get("kinds", {}),
        run.payout_count,
        {c: str(v) for c, v in (run.totals or {}).items()},
        adjustments,
    ]
    text = json.dumps(state, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
