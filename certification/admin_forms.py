"""Forms of the certification admin (Wagtail): question editing and file import."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from certification.engine.gift import parse_gift
from certification.engine.questions import QuestionSnapshot, snapshot_from_dict
from certification.importing import FORMATS
from certification.messages import parse_error_text
from certification.models import Question, QuestionBank, QuestionCategory
from certification.services import CertificationError, question_save
from core.uploads import upload_check

DEFINITION_HELP = _(
    "The question in GIFT (e.g. “¿…? {=correcta ~incorrecta#retroalimentación}”) or as JSON "
    "(any type, including ordering and scenario). Saving a question that attempts have used "
    "creates a new version; those attempts keep the version they saw."
)


def _definition_initial(question: Question) -> str:
    if question.pk and question.current_version_id:
        return json.dumps(question.current_version.payload, ensure_ascii=False, indent=2)
    return ""


def parse_definition(text: str) -> QuestionSnapshot:
    text = (text or "").strip()
    if text.startswith("{") and '"type"' in text[:2000]:
        try:
            data = json.loads(text)
            return snapshot_from_dict({**data, "key": ""})
        except (ValueError, KeyError, TypeError) as exc:
            raise forms.ValidationError(_("Invalid JSON question: %(error)s"), params={"error": exc}) from exc
    report = parse_gift(text)
    if report.errors:
        raise forms.ValidationError([parse_error_text(e) for e in report.errors])
    if len(report.questions) != 1:
        raise forms.ValidationError(_("Write exactly one auto-gradable question."))
    return report.questions[0].question


class QuestionAdminForm(forms.ModelForm):
    definition = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 14}), help_text=DEFINITION_HELP
    )
    tags = TagField(
        label=_("Tags"), required=False, help_text=_("e.g. tema:horarios, jurisdiccion:MX, dificultad:media")
    )

    class Meta:
        model = Question
        fields = ["bank", "category", "name", "id_number", "is_active"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["definition"].initial = _definition_initial(self.instance)
            self.fields["tags"].initial = list(self.instance.tags.all())
        self.fields["category"].queryset = QuestionCategory.objects.select_related("bank")

    def clean(self):
        cleaned = super().clean()
        if "definition" in cleaned:
            try:
                self.snapshot = parse_definition(cleaned["definition"])
            except forms.ValidationError as exc:
                self.add_error("definition", exc)
        bank, category = cleaned.get("bank"), cleaned.get("category")
        if bank and category and category.bank_id != bank.pk:
            self.add_error("category", _("The category belongs to another bank."))
        return cleaned

    def save_with_service(self, *, user) -> Question:
        try:
            return question_save(
                bank=self.cleaned_data["bank"],
                category=self.cleaned_data["category"],
                name=self.cleaned_data["name"],
                snapshot=self.snapshot,
                tags=self.cleaned_data.get("tags") or [],
                id_number=self.cleaned_data.get("id_number", ""),
                question=self.instance if self.instance.pk else None,
                user=user,
            )
        except CertificationError as exc:
            raise forms.ValidationError(exc.message) from exc


class ExportForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=QuestionBank.objects.all())
    format = forms.ChoiceField(label=_("Format"), choices=[("gift", "GIFT"), ("moodle-xml", "Moodle XML")])


class ImportForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=QuestionBank.objects.all())
    format = forms.ChoiceField(
        label=_("Format"), choices=[(f, {"gift": "GIFT", "moodle-xml": "Moodle XML"}[f]) for f in FORMATS]
    )
    file = forms.FileField(label=_("File"))
    dry_run = forms.BooleanField(label=_("Only show what would be imported"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload_check(upload)  # the portal's upload limits (core.uploads)
        return upload
