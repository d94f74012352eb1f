"""KPI pages: feed uploads (analyst, HR), an employee's KPIs and daily facts, team KPIs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.models import Employee
from core.params import str_param
from core.permissions import capability_required
from core.scoping import employees_in_scope, get_in_scope_or_404
from core.uploads import upload_form_response

from .catalogue import DERIVED_KPIS, MEASURED_KPIS, RAW_KPIS
from .forms import KpiImportForm
from .messages import error_message
from .models import KpiImport
from .periods import month_bounds, parse_day, previous_months
from .selectors import (
    kpi_daily_facts,
    kpi_derived,
    kpi_import_error_report,
    kpi_imports_recent,
    kpi_last_fact_day,
    kpi_sums,
)
from .services import kpi_import_create, kpi_import_enqueue
from .trends import employee_trends, segment_trends

# --------------------------------------------------------------------------- feeds


@capability_required("kpi.feed_upload")
def import_list(request):
    return render(request, "kpi/import_list.html", {"imports": kpi_imports_recent(limit=50)})


@capability_required("kpi.feed_upload")
@require_http_methods(["GET", "POST"])
def import_new(request):
    def register(data, upload) -> KpiImport:
        kpi_import = kpi_import_create(
            profile=data["profile"],
            uploaded=upload,
            filename=upload.name,
            user=request.user,
            source=KpiImport.Source.WEB,
            dry_run=data["dry_run"],
        )
        kpi_import_enqueue(kpi_import=kpi_import)
        return kpi_import

    return upload_form_response(
        request,
        form_class=KpiImportForm,
        template="kpi/import_form.html",
        register=register,
        detail="kpi:import_detail",
    )


def _import_context(kpi_import: KpiImport) -> dict:
    errors = [{**e, "message": error_message(e)} for e in kpi_import.errors[:200]]
    return {"imp": kpi_import, "errors": errors, "more_errors": max(0, kpi_import.error_count - len(errors))}


@capability_required("kpi.feed_upload")
def import_detail(request, pk: int):
    kpi_import = get_object_or_404(KpiImport.objects.select_related("profile", "created_by", "duplicate_of"), pk=pk)
    return render(request, "kpi/import_detail.html", _import_context(kpi_import))


@capability_required("kpi.feed_upload")
def import_status(request, pk: int):
    """htmx polling target: the progress block; reloads the page once the import is final."""
    kpi_import = get_object_or_404(KpiImport, pk=pk)
    response = render(request, "kpi/partials/import_status.html", {"imp": kpi_import})
    if kpi_import.is_final and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@capability_required("kpi.feed_upload")
def import_errors_csv(request, pk: int):
    kpi_import = get_object_or_404(KpiImport, pk=pk)
    response = HttpResponse(kpi_import_error_report(kpi_import=kpi_import), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kpi-import-{kpi_import.pk}-errors.csv"'
    return response


# --------------------------------------------------------------------------- KPIs


@login_required
def my_kpis(request):
    employee = request.user.employee_or_none
    if employee is None:
        messages.info(request, _("Your user is not linked to an employee, so you have no KPIs of your own."))
        return redirect("kpi:team_kpis")
    url = redirect("kpi:employee_kpis", code=employee.employee_code)
    month = str_param(request, "mes", max_length=7)
    if month:
        url["Location"] += "?" + urlencode({"mes": month})
    return url


def _kpi_rows(sums: dict) -> tuple[list[dict], list[dict]]:
    derived = kpi_derived(sums)
    derived_rows = [{"spec": spec, "value": derived[spec.code]} for spec in DERIVED_KPIS]
    # the measured compliance incidents come right after the feed's own incident columns, beside them
    raw_rows = [{"spec": spec, "value": sums.get(spec.code)} for spec in RAW_KPIS + MEASURED_KPIS if spec.code in sums]
    return derived_rows, raw_rows


def _month_asked(request, *, today, employee_ids) -> str | None:
    """The month in ``?mes=``; without it, the last month that has data (on day 1 of a month, or
    while a feed is late, the current month is still empty)."""
    if request.GET.get("mes"):
        return request.GET["mes"]
    last = kpi_last_fact_day(until=today, employee_ids=employee_ids)
    return f"{last:%Y-%m}" if last else None


@login_required
def employee_kpis(request, code: str):
    """One employee's KPIs for a month (or ?desde=&hasta=) and the daily facts behind them."""
    employee = get_in_scope_or_404(Employee.objects.all(), request.user, employee_field="self", employee_code=code)
    today = timezone.localdate()
    start, end, month = month_bounds(_month_asked(request, today=today, employee_ids=[employee.pk]), today=today)
    custom_start, custom_end = parse_day(request.GET.get("desde")), parse_day(request.GET.get("hasta"))
    if custom_start and custom_end and custom_start <= custom_end:
        start, end, month = custom_start, custom_end, ""
    sums = kpi_sums(employee_ids=[employee.pk], start=start, end=end).get(employee.pk, {})
    derived_rows, raw_rows = _kpi_rows(sums)
    facts = list(kpi_daily_facts(employee_id=employee.pk, start=start, end=end))
    highlight = parse_day(request.GET.get("dia"))
    return render(
        request,
        "kpi/employee_kpis.html",
        {
            "employee": employee,
            "start": start,
            "end": end,
            "month": month,
            "months": previous_months(today=today),
            "derived_rows": derived_rows,
            "raw_rows": raw_rows,
            "facts": facts,
            "highlight": highlight,
            "is_current_month": start <= today <= end,
            "own": employee.user_id == request.user.pk,
            # a chosen range (?desde=&hasta=) draws the six months up to its end
            "trends": employee_trends(employee_id=employee.pk, month=end),
        },
    )


@login_required
def team_kpis(request):
    """Employees in the user's scope with their month's main KPIs (one aggregate query per page)."""
    if not request.user.can("kpi.team_read"):
        return redirect("kpi:my_kpis")
    today = timezone.localdate()
    asked = _month_asked(request, today=today, employee_ids=employees_in_scope(request.user).values("pk"))
    start, end, month = month_bounds(asked, today=today)
    employees = employees_in_scope(request.user, on=end).order_by("employee_code")
    query = (request.GET.get("q") or "").strip()
    if query:
        employees = employees.filter(employee_code__icontains=query) | employees.filter(last_name__icontains=query)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    sums = kpi_sums(employee_ids=[e.pk for e in page.object_list], start=start, end=end)
    rows = []
    for employee in page.object_list:
        employee_sums = sums.get(employee.pk)
        rows.append(
            {
                "employee": employee,
                "sums": employee_sums,
                "derived": kpi_derived(employee_sums) if employee_sums else None,
            }
        )
    return render(
        request,
        "kpi/team_kpis.html",
        {
            "rows": rows,
            "page": page,
            "month": month,
            "months": previous_months(today=today),
            "start": start,
            "end": end,
            "q": query,
            "query": f"mes={month}&q={query}",
            "trends": segment_trends(employee_ids=employees_in_scope(request.user).values("pk"), month=end),
        },
    )
