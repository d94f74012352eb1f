from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import upload_check

from .models import FeedProfile

ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")


class KpiImportForm(forms.Form):
    profile = forms.ModelChoiceField(
        label=_("Feed profile"),
        queryset=FeedProfile.objects.none(),
        empty_label=None,
        help_text=_("How the source writes its files: delimiter, decimals, dates, encoding, agent names."),
    )
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    dry_run = forms.BooleanField(label=_("Only validate (store nothing)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = FeedProfile.objects.filter(is_active=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv, .txt, .tsv or .xlsx file."))
        upload_check(upload)  # the portal's size and uncompressed-size limits (core.uploads)
        return upload
