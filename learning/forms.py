from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.cms_uploads import RefusedUploadMixin
from core.forms import DateInput
from core.models import Campaign, Site, Team
from learning import services
from learning.models import AssignmentRule, CoursePage, LearningPath


class AssignmentRuleForm(forms.ModelForm):
    class Meta:
        model = AssignmentRule
        fields = [
            "name",
            "target",
            "site",
            "team",
            "campaign",
            "role",
            "new_hire_days",
            "course",
            "path",
            "due_kind",
            "due_date",
            "due_days",
            "mandatory",
            "recurrence_months",
        ]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["path"].queryset = LearningPath.objects.order_by("title")
        self.fields["site"].queryset = Site.objects.order_by("name")
        self.fields["team"].queryset = Team.objects.select_related("site").order_by("site__name", "name")
        self.fields["campaign"].queryset = Campaign.objects.order_by("name")
        self.fields["course"].help_text = _("Choose a course or a learning path, not both.")

    def _post_clean(self):
        # Model validation (and the due-date-in-the-past check) runs in the service.
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)


class MatrixFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = teams.select_related("site").order_by("site__name", "name")
        self.fields["team"].queryset = teams
        self.fields["site"].queryset = Site.objects.filter(teams__in=teams).distinct().order_by("name")
        self.fields["campaign"].queryset = Campaign.objects.order_by("name")


class ScormLessonPageForm(RefusedUploadMixin, WagtailAdminPageForm):
    """The SCORM lesson's CMS form: the editor uploads the package's zip here. It is checked as the form
    is validated (every refusal named on the field, nothing stored) and imported when the page is saved
    (``services.scorm_package_import``); on edit, an empty field keeps the current package."""

    upload_field = "package_file"
    package_file = forms.FileField(
        label=_("SCORM package (.zip)"),
        required=False,
        help_text=_(
            "A SCORM 1.2 or SCORM 2004 package as exported by the authoring tool, with imsmanifest.xml at "
            "the top level of the zip. Uploading a new one replaces the content; agents then start a new attempt."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_package_file(self):
        upload = self.cleaned_data.get("package_file")
        if not upload:
            if not getattr(self.instance, "package_id", None):
                raise forms.ValidationError(services.LearningError("scorm_package_required").message)
            return None
        try:
            services.scorm_package_check(file=upload)
        except services.LearningError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data.get("package_file")
        if not upload:
            return super().save(commit=commit)
        actor = getattr(self, "for_user", None)

        def package_import():
            return services.scorm_package_import(file=upload, name=upload.name, actor=actor)

        if not commit and self.instance.pk is None:
            # A new page: Wagtail saves it next (add_child). The import runs in that save, in one
            # transaction with the page row, so a save that fails leaves no package (ScormLessonPage.save).
            self.instance._scorm_import = (package_import, services.scorm_package_discard)
            return super().save(commit=False)
        package = package_import()
        self.instance.package = package
        try:
            return super().save(commit=commit)
        except BaseException:
            services.scorm_package_discard(package)
            raise
