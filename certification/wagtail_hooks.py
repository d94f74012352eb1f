"""Wagtail admin: question banks, questions, exams, file import and item analysis.
This module only registers; the views live in `certification.admin_views`."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from certification import admin_views
from certification.admin_forms import QuestionAdminForm
from certification.models import Exam, Question, QuestionBank, QuestionCategory
from core.capabilities import holders_q, user_can

CAPABILITY = "certification.question_bank_edit"


class EditorPermissionPolicy(BasePermissionPolicy):
    """Holders of `certification.question_bank_edit` (core.capabilities) manage banks, questions and exams."""

    def user_has_permission(self, user, action):
        return user_can(user, CAPABILITY)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(holders_q(CAPABILITY))

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class ExportLinksColumn(Column):
    """The bank listing's download links (GIFT, Moodle XML)."""

    cell_template_name = "certification/admin/export_links_cell.html"


class BankViewSet(ModelViewSet):
    model = QuestionBank
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    list_display = ["name", "code", "specialisation", ExportLinksColumn("export", label=_("Export"), accessor="pk")]
    form_fields = ["code", "name", "description", "specialisation"]
    search_fields = ["name", "code"]
    copy_view_enabled = False
    inspect_view_enabled = True


class CategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "folder-inverse"
    menu_label = _("Categories")
    list_display = ["path", "bank"]
    list_filter = ["bank"]
    form_fields = ["bank", "parent", "name", "description"]
    search_fields = ["path"]
    copy_view_enabled = False


class QuestionCreateView(ModelViewSet.add_view_class):
    def save_instance(self):
        return self.form.save_with_service(user=self.request.user)


class QuestionEditView(ModelViewSet.edit_view_class):
    def save_instance(self):
        return self.form.save_with_service(user=self.request.user)


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["name", "type", "category", "is_active"]
    list_filter = ["bank", "type", "is_active"]
    search_fields = ["name"]
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return QuestionAdminForm


class ExamViewSet(ModelViewSet):
    model = Exam
    icon = "list-ol"
    menu_label = _("Exams")
    list_display = ["title", "specialisation", "passing_score", "is_active"]
    list_filter = ["specialisation", "is_active"]
    search_fields = ["title", "code"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("specialisation"),
                FieldPanel("code"),
                FieldPanel("title"),
                FieldPanel("description"),
                FieldPanel("is_active"),
            ],
            heading=_("Exam"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("passing_score")]),
                FieldRowPanel([FieldPanel("attempts_per_30_days"), FieldPanel("cooldown_hours")]),
                FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("review_policy"),
                FieldPanel("requires_prerequisites"),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("sections", heading=_("Blueprint sections"), label=_("Section"), min_num=1),
    ]


class ToolsViewSet(ViewSet):
    name = "certification-tools"
    icon = "download"
    menu_label = _("Import, export and analysis")

    def get_urlpatterns(self):
        return [
            path("importar/", admin_views.import_questions_view, name="import"),
            path("exportar/", admin_views.export_questions_view, name="export"),
            path("calificar/", admin_views.essay_marking_view, name="marking"),
            path("analisis/", admin_views.item_analysis_view, name="analysis"),
        ]


class CertificationGroup(ViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        BankViewSet("certification-banks"),
        CategoryViewSet("certification-categories"),
        QuestionViewSet("certification-questions"),
        ExamViewSet("certification-exams"),
        ToolsViewSet(),
    )


for _model in (QuestionBank, QuestionCategory, Question, Exam):
    register_permission_policy(_model, EditorPermissionPolicy(_model))


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationGroup()
