"""Wagtail admin screens for the organisation. Every create, edit and delete is audited."""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core.audit import audit_record
from core.models import Campaign, Company, Employee, Leave, Site, Specialisation, Team


def _changes(form) -> tuple[dict, dict]:
    before = {name: form.initial.get(name) for name in form.changed_data}
    after = {name: form.cleaned_data.get(name) for name in form.changed_data}
    return (
        {k: str(v) if v is not None else None for k, v in before.items()},
        {k: str(v) if v is not None else None for k, v in after.items()},
    )


class AuditedCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        _before, after = _changes(self.form)
        audit_record(
            action=f"{instance._meta.model_name}.create", actor=self.request.user, target=instance, after=after
        )
        return instance


class AuditedEditView(generic.EditView):
    def save_instance(self):
        before, after = _changes(self.form)
        instance = super().save_instance()
        if before or after:
            audit_record(
                action=f"{instance._meta.model_name}.update",
                actor=self.request.user,
                target=instance,
                before=before,
                after=after,
            )
        return instance


class AuditedDeleteView(generic.DeleteView):
    def delete_action(self):
        obj = self.object
        with transaction.atomic():
            audit_record(action=f"{obj._meta.model_name}.delete", actor=self.request.user, target=obj)
            super().delete_action()

    def form_valid(self, form):
        # A row other rows still point at (a team with memberships) cannot go: say so, keep it.
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                gettext("%(object)s cannot be deleted: other records still refer to it.") % {"object": self.object},
            )
            return redirect(self.request.get_full_path())


class AuditedViewSet(ModelViewSet):
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True


class CompanyViewSet(AuditedViewSet):
    model = Company
    name = "org_company"
    icon = "site"
    form_fields = ["name", "legal_name", "currency"]
    list_display = ["name", "currency"]


class SiteViewSet(AuditedViewSet):
    model = Site
    name = "org_site"
    icon = "home"
    form_fields = ["company", "code", "name", "city", "country", "timezone"]
    list_display = ["name", "city", "country"]


class TeamViewSet(AuditedViewSet):
    model = Team
    name = "org_team"
    icon = "group"
    form_fields = ["site", "code", "name", "supervisors", "managers"]
    list_display = ["name", "site"]
    list_filter = ["site"]
    search_fields = ["name", "code"]


class CampaignViewSet(AuditedViewSet):
    model = Campaign
    name = "org_campaign"
    icon = "folder-open-inverse"
    form_fields = ["company", "code", "name", "client", "bucket", "country", "required_specialisation"]
    list_display = ["name", "client", "bucket", "required_specialisation"]
    list_filter = ["bucket", "country"]
    search_fields = ["name", "client", "code"]


class SpecialisationViewSet(AuditedViewSet):
    model = Specialisation
    name = "org_specialisation"
    icon = "pick"
    form_fields = ["code", "name", "description", "validity_months", "renewal_window_days"]
    list_display = ["name", "code", "validity_months", "renewal_window_days"]


class EmployeeViewSet(AuditedViewSet):
    model = Employee
    name = "org_employee"
    icon = "user"
    form_fields = [
        "company",
        "employee_code",
        "first_name",
        "last_name",
        "email",
        "dialer_login",
        "user",
        "hire_date",
        "termination_date",
    ]
    list_display = ["employee_code", "first_name", "last_name", "hire_date", "termination_date"]
    search_fields = ["employee_code", "first_name", "last_name", "dialer_login"]
    list_per_page = 50


class LeaveIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("employee")


class LeaveViewSet(AuditedViewSet):
    model = Leave
    index_view_class = LeaveIndexView
    name = "org_leave"
    icon = "date"
    form_fields = ["employee", "kind", "start", "end", "note"]
    list_display = ["employee", "kind", "start", "end"]
    list_filter = ["kind"]
    list_per_page = 50


class OrganisationGroup(ModelViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 200
    items = [
        CompanyViewSet,
        SiteViewSet,
        TeamViewSet,
        CampaignViewSet,
        SpecialisationViewSet,
        EmployeeViewSet,
        LeaveViewSet,
    ]
