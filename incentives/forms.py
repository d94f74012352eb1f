from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.models import Campaign, Employee, Team
from core.roles import Role
from core.uploads import upload_check
from incentives.models import AdjustmentReason, ExportTemplate, Plan
from incentives.periods import parse_period


class PeriodField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_period(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Use the form YYYY-MM.")) from exc


class RunRequestForm(forms.Form):
    period = PeriodField(label=_("Period (YYYY-MM)"), max_length=7)
    plan = forms.ModelChoiceField(
        Plan.objects.all(), label=_("Plan"), required=False, to_field_name="code", empty_label=_("All plans")
    )


class RejectForm(forms.Form):
    comment = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class AdjustmentForm(forms.Form):
    employee_code = forms.CharField(label=_("Employee code"), max_length=20)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2)
    reason = forms.ChoiceField(label=_("Reason"), choices=AdjustmentReason.choices)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class DisputeForm(forms.Form):
    """The agent picks the disputed line from the payout's own lines (by name), or the whole payout."""

    line_code = forms.ChoiceField(label=_("Line"), required=False)
    message = forms.CharField(label=_("What is wrong?"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, lines: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_code"].choices = [("", _("The whole payout")), *lines]


class DisputeResolveForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Accept")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    amount = forms.DecimalField(label=_("Adjustment amount"), required=False, max_digits=14, decimal_places=2)
    resolution = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanJsonForm(forms.Form):
    definition = forms.CharField(
        label=_("Plan definition (JSON)"), widget=forms.Textarea(attrs={"rows": 30, "class": "code"})
    )

    def clean_definition(self):
        try:
            return json.loads(self.cleaned_data["definition"])
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON: %(error)s") % {"error": exc}) from exc


class _BoundedFileForm(forms.Form):
    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload_check(upload)  # the portal's upload limits (core.uploads)
        return upload


class PlanImportForm(_BoundedFileForm):
    file = forms.FileField(label=_("Plan file (JSON)"))


class TargetsForm(_BoundedFileForm):
    file = forms.FileField(
        label=_("Targets file (CSV)"),
        help_text=_("Columns: periodo, codigo, valor and one of empleado, equipo, campana."),
    )


class ExportForm(forms.Form):
    """A payroll file holds one currency: a run paying in several is exported once per currency."""

    file_format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    template = forms.ModelChoiceField(
        ExportTemplate.objects.all(), label=_("Template"), required=False, empty_label=_("Default template")
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    def __init__(self, *args, currencies: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in currencies or []]


class AssignmentForm(forms.Form):
    """Attach a plan version to a team, campaign, role or employee for a date range."""

    version = forms.ModelChoiceField(queryset=None, label=_("Version"))
    team = forms.ModelChoiceField(queryset=None, label=_("Team"), required=False)
    campaign = forms.ModelChoiceField(queryset=None, label=_("Campaign"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    employee_code = forms.CharField(label=_("Employee code"), required=False, max_length=20)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = plan.versions.order_by("-number")
        self.fields["team"].queryset = Team.objects.all()
        self.fields["campaign"].queryset = Campaign.objects.all()
        self.fields["role"].choices = [("", "—"), *Role.choices]

    def clean(self):
        data = super().clean()
        targets = [k for k in ("team", "campaign", "role", "employee_code") if data.get(k)]
        if len(targets) != 1:
            raise forms.ValidationError(_("Choose exactly one of team, campaign, role or employee."))
        if data.get("employee_code"):
            data["employee"] = Employee.objects.filter(employee_code=data["employee_code"]).first()
            if data["employee"] is None:
                raise forms.ValidationError(_("Unknown employee code."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


class ExportTemplateForm(forms.ModelForm):
    class Meta:
        model = ExportTemplate
        fields = ["code", "name", "columns", "delimiter", "decimal_separator", "is_default"]

    def clean_columns(self):
        columns = self.cleaned_data["columns"]
        ok = (
            isinstance(columns, list)
            and columns
            and all(
                isinstance(c, dict) and set(c) == {"header", "field"} and c["field"] in ExportTemplate.FIELDS
                for c in columns
            )
        )
        if not ok:
            raise forms.ValidationError(
                _('Give a list of {"header": ..., "field": ...} with fields among: %(fields)s')
                % {"fields": ", ".join(ExportTemplate.FIELDS)}
            )
        return columns
