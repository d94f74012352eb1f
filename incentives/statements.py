"""Monthly statement: data for the web page and the WeasyPrint PDF, in the reader's language,
explained in words (incentives.presenter), with one total per currency."""

from __future__ import annotations

from django.utils import translation

from core.pdf import render_pdf
from incentives.models import AdjustmentStatus, PayoutRun
from incentives.presenter import kpi_labels
from incentives.selectors import payout_explain, totals_by_currency


def statement_context(*, run: PayoutRun, employee) -> dict:
    payouts = list(
        run.payouts.filter(employee=employee).select_related("plan_version__plan", "team").prefetch_related("lines")
    )
    adjustments = list(run.adjustments.filter(employee=employee, status=AdjustmentStatus.APPROVED))
    kpis = kpi_labels()
    sections = [{"payout": p, **payout_explain(payout=p, kpis=kpis)} for p in payouts]
    totals = totals_by_currency(
        [(p.currency, p.total) for p in payouts] + [(a.currency, a.amount) for a in adjustments]
    )
    return {
        "run": run,
        "employee": employee,
        "sections": sections,
        "adjustments": adjustments,
        "totals": totals,
    }


def statement_pdf(*, run: PayoutRun, employee, language: str | None = None) -> bytes:
    """The statement as a PDF in `language` (default: the active one, Spanish outside a request)."""
    return render_pdf(
        "incentives/pdf/statement.html",
        statement_context(run=run, employee=employee),
        language=language or translation.get_language() or "es",
    )
