import json

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.uploads import upload_check

from .ingest.profiles import PROFILES
from .models import Country, RuleCode

ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
PROFILE_LABELS = {
    "canonical": _("Canonical (times with UTC offset, employee codes)"),
    "dialer-latam": _("Latin-American dialer (semicolons, Bogotá local time, dialer logins)"),
}


class ContactImportForm(forms.Form):
    profile = forms.ChoiceField(label=_("Profile"), choices=())
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    dry_run = forms.BooleanField(label=_("Only validate (store nothing)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(code, PROFILE_LABELS.get(code, code)) for code in PROFILES]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv, .txt, .tsv or .xlsx file."))
        upload_check(upload)  # the portal's size and uncompressed-size limits (core.uploads)
        return upload


class BreachFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("All"))] + list(Country.choices))
    code = forms.ChoiceField(label=_("Rule"), required=False, choices=[("", _("All"))] + list(RuleCode.choices))
    first = forms.DateField(label=_("From"), required=False, widget=DateInput())
    last = forms.DateField(label=_("To"), required=False, widget=DateInput())
    advisory = forms.BooleanField(label=_("Include advisory (unverified) rules"), required=False)


class RuleSetVersionForm(forms.Form):
    """A new version of a country's rules: the date it comes into force and its rules as JSON
    (pre-filled from the version in force). The rules themselves are checked by the service."""

    # ISO in the value: a date input shows nothing (and blocks the form) for the localised 02/12/2026
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())
    definition = forms.CharField(
        label=_("Rules (JSON)"),
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false"}),
        max_length=200_000,
    )

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("This is not valid JSON: %(reason)s (line %(line)s, column %(column)s)."),
                params={
                    "reason": getattr(exc, "msg", str(exc)),
                    "line": getattr(exc, "lineno", "?"),
                    "column": getattr(exc, "colno", "?"),
                },
                code="bad_json",
            ) from None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("The rules must be a JSON object with a list 'rules'."), code="not_object")
        return data
