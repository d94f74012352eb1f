"""Payroll export: CSV or XLSX per a configurable template, byte-for-byte reproducible.

Rows: one per employee and concept (component lines summed by concept; approved adjustments
as their own concepts), ordered by employee code then concept. A file holds ONE currency: a run
that pays in several currencies (an all-plans run over Mexico, Colombia and Chile) is exported
once per currency, and asking for one file for such a run is refused; amounts are written with
the currency's minor unit (no decimals for CLP). XLSX files are written with
fixed document dates and fixed ZIP timestamps so the same run gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from core.audit import audit_record
from core.exports import tabular_bytes, xlsx_workbook
from incentives import workflow
from incentives.engine.money import MINOR_UNITS
from incentives.errors import IncentivesError
from incentives.models import (
    AdjustmentStatus,
    ExportTemplate,
    PayoutLine,
    PayoutRun,
    PayrollExport,
    RunStatus,
)
from incentives.services import payout_run_mark_exported

DEFAULT_COLUMNS = [
    {"header": "codigo_empleado", "field": "employee_code"},
    {"header": "concepto", "field": "concept"},
    {"header": "importe", "field": "amount"},
    {"header": "moneda", "field": "currency"},
    {"header": "periodo", "field": "period"},
]
EXPORTABLE = {RunStatus.LOCKED, RunStatus.EXPORTED}


def default_template() -> ExportTemplate:
    template = ExportTemplate.objects.filter(is_default=True).order_by("pk").first()
    if template is None:
        template, _ = ExportTemplate.objects.get_or_create(
            code="nomina-estandar",
            defaults={"name": "Nómina estándar", "columns": DEFAULT_COLUMNS, "is_default": True},
        )
    return template


def export_currency(*, run: PayoutRun, currency: str | None) -> str:
    """The one currency a payroll file of `run` holds; refuses a file that would mix currencies."""
    currencies = sorted(run.currencies)
    if not currency:
        if len(currencies) > 1:
            raise IncentivesError("export_currency_required", {"currencies": ", ".join(currencies)})
        return currencies[0]
    currency = currency.upper()
    if currency not in currencies:
        raise IncentivesError("export_unknown_currency", {"currency": currency})
    return currency


def export_rows(*, run: PayoutRun, currency: str | None = None) -> list[dict[str, str]]:
    currency = export_currency(run=run, currency=currency)
    digits = MINOR_UNITS.get(currency, 2)
    amounts: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    plans: dict[str, str] = {}
    lines = PayoutLine.objects.filter(payout__run=run, payout__currency=currency).values_list(
        "payout__employee__employee_code",
        "payout__employee__first_name",
        "payout__employee__last_name",
        "payout__plan_version__plan__code",
        "concept",
        "amount",
    )
    for code, first, last, plan, concept, amount in lines:
        amounts[(code, concept)] += amount
        names[code] = f"{first} {last}"
        plans.setdefault(code, plan)
    approved = run.adjustments.filter(status=AdjustmentStatus.APPROVED, currency=currency)
    for adj in approved.select_related("employee"):
        code = adj.employee.employee_code
        amounts[(code, adj.concept)] += adj.amount
        names[code] = adj.employee.full_name
    rows = []
    for (code, concept), amount in sorted(amounts.items()):
        if amount == 0:
            continue
        rows.append(
            {
                "employee_code": code,
                "employee_name": names.get(code, ""),
                "concept": concept,
                "amount": f"{amount:.{digits}f}",
                "currency": currency,
                "period": f"{run.period:%Y-%m}",
                "plan": plans.get(code, ""),
            }
        )
    return rows


def _cells(row: dict[str, str], template: ExportTemplate) -> list[object]:
    """One row in the template's column order; the amount as a Decimal (a number, never text)."""
    return [Decimal(row["amount"]) if c["field"] == "amount" else row.get(c["field"], "") for c in template.columns]


def render_csv(rows: list[dict[str, str]], template: ExportTemplate) -> bytes:
    """Through the core writer: text that a spreadsheet would run is neutralised; amounts stay
    numbers, written with the template's decimal separator."""

    def amount(value: object) -> str:
        text = format(value, "f")  # the Decimal as export_rows wrote it (the currency's decimals)
        return text.replace(".", template.decimal_separator) if template.decimal_separator != "." else text

    return tabular_bytes(
        (_cells(row, template) for row in rows),
        [c["header"] for c in template.columns],
        format="csv",
        delimiter=template.delimiter,
        bom=False,
        number_format=amount,
    )


FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def render_xlsx(rows: list[dict[str, str]], template: ExportTemplate, *, period: dt.date) -> bytes:
    wb = xlsx_workbook(
        (_cells(row, template) for row in rows), [c["header"] for c in template.columns], sheet_title="Nomina"
    )
    stamp = dt.datetime(period.year, period.month, 1)  # noqa: DTZ001 (openpyxl wants naive; fixed for determinism)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "Acredita"
    raw = io.BytesIO()
    wb.save(raw)
    return _normalise_zip(raw.getvalue(), stamp)


def _normalise_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the archive with fixed timestamps (openpyxl stamps entries with 'now')."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            text_stamp = f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode()
            if info.filename == "docProps/core.xml":
                content = _fix_core_dates(content, text_stamp)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()


def _fix_core_dates(content: bytes, stamp: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", content)


def payroll_file(
    *, run: PayoutRun, template: ExportTemplate | None = None, file_format: str = "csv", currency: str | None = None
) -> bytes:
    template = template or default_template()
    rows = export_rows(run=run, currency=currency)
    if file_format == "xlsx":
        return render_xlsx(rows, template, period=run.period)
    return render_csv(rows, template)


def payroll_export(
    *,
    actor,
    run: PayoutRun,
    template: ExportTemplate | None = None,
    file_format: str = "csv",
    currency: str | None = None,
) -> tuple[bytes, str]:
    """Export a run with final approval (locked), one currency per file; audited with the file's SHA-256."""
    if run.status not in EXPORTABLE:
        raise IncentivesError("not_exportable")
    workflow.transition_check(run=run, action="export", actor=actor)
    template = template or default_template()
    currency = export_currency(run=run, currency=currency)
    data = payroll_file(run=run, template=template, file_format=file_format, currency=currency)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        PayrollExport.objects.create(
            run=run, template=template, file_format=file_format, sha256=digest, size=len(data), created_by=actor
        )
        payout_run_mark_exported(run=run, actor=actor, sha256=digest)
        audit_record(
            action="payroll.export",
            actor=actor,
            target=run,
            summary=f"{file_format} {currency} sha256={digest}",
            after={
                "sha256": digest,
                "format": file_format,
                "currency": currency,
                "template": template.code,
                "bytes": len(data),
            },
        )
    name = f"nomina-{run.period:%Y-%m}-{run.pk}-{currency}.{file_format}"
    return data, name
