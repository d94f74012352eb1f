"""Monthly statement: data for the web page and the WeasyPrint PDF (Spanish)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from incentives.models import AdjustmentStatus, PayoutRun
from incentives.selectors import payout_explain


def statement_context(*, run: PayoutRun, employee) -> dict:
    payouts = list(
        run.payouts.filter(employee=employee).select_related("plan_version__plan", "team").prefetch_related("lines")
    )
    adjustments = list(run.adjustments.filter(employee=employee, status=AdjustmentStatus.APPROVED))
    sections = [{"payout": p, **payout_explain(payout=p)} for p in payouts]
    total = sum((p.total for p in payouts), Decimal(0)) + sum((a.amount for a in adjustments), Decimal(0))
    return {
        "run": run,
        "employee": employee,
        "sections": sections,
        "adjustments": adjustments,
        "total": total,
        "currency": run.currency,
    }


def statement_pdf(*, run: PayoutRun, employee) -> bytes:
    from weasyprint import HTML

    with translation.override("es"):
        html = render_to_string("incentives/pdf/statement.html", statement_context(run=run, employee=employee))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
