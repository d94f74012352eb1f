import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.exports import streaming_csv_response
from core.forms import ApiTokenForm, AuditFilterForm, CampaignAssignForm, RoleForm, TeamMoveForm
from core.mfa import session_mfa_satisfied, user_has_mfa
from core.models import ApiToken, AuditEvent, Employee, TeamMembership, User
from core.params import redirect_target, str_param
from core.permissions import capability_required
from core.registry import panels_for
from core.scoping import get_in_scope_or_404, teams_in_scope
from core.selectors import campaigns_of, team_of, teams_with_headcount
from core.services import api_token_create, api_token_revoke, campaign_assign, team_membership_move, user_set_role


def cms_login_redirect(request):
    """Wagtail's login page, replaced: allauth signs people in (rate limits, MFA stage), then back."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = ""
    query = urlencode({REDIRECT_FIELD_NAME: next_url or reverse("wagtailadmin_home")})
    return redirect(f"{reverse('account_login')}?{query}")


def cms_not_routed(request):
    """Wagtail routes test views (``/cms/failwhale/`` raises on purpose to test error reporting): not
    served here, so no URL of the portal answers 500 by design."""
    raise Http404


def cms_password_reset_redirect(request, rest=""):
    """Wagtail's password reset, replaced by allauth's (rate limited, one e-mail template)."""
    return redirect("account_reset_password")


@login_required
def home(request):
    cards = []
    for panel in panels_for(request.user):
        context = panel.context(request)
        if context is not None:
            cards.append({"template": panel.template_name, "context": context, "key": panel.key})
    return render(request, "core/home.html", {"cards": cards})


@capability_required("org.team_read")
def team_list(request):
    today = timezone.localdate()
    teams = teams_with_headcount(teams=teams_in_scope(request.user), on=today)
    return render(request, "core/team_list.html", {"teams": teams})


@capability_required("org.team_read")
def team_detail(request, code):
    team = get_object_or_404(teams_in_scope(request.user).select_related("site"), code=code)
    today = timezone.localdate()
    members = (
        TeamMembership.objects.on(today).filter(team=team).select_related("employee").order_by("employee__last_name")
    )
    return render(request, "core/team_detail.html", {"team": team, "members": members, "today": today})


@login_required
def employee_detail(request, code):
    employee = get_in_scope_or_404(Employee.objects.all(), request.user, employee_field="self", employee_code=code)
    today = timezone.localdate()
    return render(
        request,
        "core/employee_detail.html",
        {
            "employee": employee,
            "team": team_of(employee=employee, on=today),
            "memberships": employee.memberships.select_related("team").order_by("-start"),
            "campaigns": campaigns_of(employee=employee, on=today),
            "assignments": employee.campaign_assignments.select_related("campaign").order_by("-start"),
            "can_manage": request.user.can("org.employee_manage"),
            "move_form": TeamMoveForm(initial={"start": today}),
            "assign_form": CampaignAssignForm(initial={"start": today}),
        },
    )


def _employee_action(request, code, form_class, apply):
    employee = get_in_scope_or_404(Employee.objects.all(), request.user, employee_field="self", employee_code=code)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            apply(employee, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("core:employee_detail", code=employee.employee_code)


@require_POST
@capability_required("org.employee_manage")
def employee_move(request, code):
    return _employee_action(
        request,
        code,
        TeamMoveForm,
        lambda emp, d: team_membership_move(actor=request.user, employee=emp, team=d["team"], start=d["start"]),
    )


@require_POST
@capability_required("org.employee_manage")
def employee_assign_campaign(request, code):
    return _employee_action(
        request,
        code,
        CampaignAssignForm,
        lambda emp, d: _warn(
            request,
            campaign_assign(actor=request.user, employee=emp, campaign=d["campaign"], start=d["start"], end=d["end"]),
        ),
    )


def _warn(request, assignment) -> None:
    for concern in getattr(assignment, "concerns", ()):
        messages.warning(request, concern.message)


def _filtered_events(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            events = events.filter(
                Q(object_repr__icontains=data["q"]) | Q(summary__icontains=data["q"]) | Q(object_id=data["q"])
            )
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__iexact=data["actor"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    return form, events


@capability_required("audit.read")
def audit_list(request):
    form, events = _filtered_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})


@capability_required("audit.read")
def audit_export(request):
    form, events = _filtered_events(request)
    audit_record(action="audit.export", summary="CSV export of the audit trail", after={"filters": request.GET.dict()})
    header = [
        "id",
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object",
        "summary",
        "before",
        "after",
        "ip",
        "hash",
    ]

    def rows():
        for e in events.iterator(chunk_size=2000):
            yield [
                e.pk,
                e.at.isoformat(),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                e.summary,
                e.before,
                e.after,
                e.ip or "",
                e.hash,
            ]

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return streaming_csv_response(rows(), header, filename=f"auditoria-{stamp}")


@capability_required("api.token_manage")
def api_tokens(request):
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and not session_mfa_satisfied(request):
        messages.warning(request, _("Confirm your second factor before creating an API token."))
        if not user_has_mfa(request.user):
            return redirect("mfa_activate_totp")
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: request.path})}")
    if request.method == "POST" and form.is_valid():
        expires_at = timezone.now() + dt.timedelta(days=form.cleaned_data["lifetime_days"])
        try:
            _token, new_key = api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expires_at,
                mfa_satisfied=session_mfa_satisfied(request),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(owner=request.user)
    return render(
        request, "core/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key, "now": timezone.now()}
    )


@require_POST
@capability_required("api.token_manage")
def api_token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user, revoked_at__isnull=True)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("core:api_tokens")


@capability_required("org.user_manage")
def user_list(request):
    q = str_param(request, "q")
    users = User.objects.select_related("employee").order_by("username")
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
            | Q(employee__employee_code__iexact=q)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/user_list.html",
        {"page": page, "q": q, "query": urlencode({"q": q}) if q else "", "role_form": RoleForm()},
    )


@require_POST
@capability_required("org.user_manage")
def user_role_change(request, pk):
    user = get_object_or_404(User, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        user_set_role(actor=request.user, user=user, role=form.cleaned_data["role"])
        messages.success(request, _("Role updated."))
    else:
        messages.error(request, _("Unknown role."))
    return redirect(redirect_target(request, default="core:user_list"))


def set_language(request):
    """Django's set_language, also remembering the choice on the signed-in user's profile."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        if request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response
