from django import forms
from django.utils.translation import gettext_lazy as _

from core.api_tokens import max_lifetime_days, scope_choices
from core.models import AuditEvent, Campaign, Team
from core.registry import audit_action_label
from core.roles import Role


class DateInput(forms.DateInput):
    """A browser date picker. It renders its value as ISO (`2026-12-02`) in every language: `<input type="date">`
    shows nothing for a localised value such as Spanish `02/12/2026`, so a form with a date as initial value or
    re-rendered from a date would look empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (username)"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", _("All"))] + [(a, audit_action_label(a)) for a in actions]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data


class ApiTokenForm(forms.Form):
    LIFETIMES = (30, 90, 180, 365)

    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("E.g. the dialer that will use it."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the token may do: reading, or reading and writing, in each area of the API."),
    )
    lifetime_days = forms.TypedChoiceField(label=_("Expires after"), coerce=int, initial=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()
        days = [d for d in self.LIFETIMES if d <= max_lifetime_days()] or [max_lifetime_days()]
        self.fields["lifetime_days"].choices = [(d, _("%(days)s days") % {"days": d}) for d in days]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices


class TeamMoveForm(forms.Form):
    team = forms.ModelChoiceField(label=_("New team"), queryset=None)
    start = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.select_related("site").order_by("site__name", "name")


class CampaignAssignForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data
