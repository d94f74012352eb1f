"""Webhook subscriptions (admins, capability ``integrations.webhooks_manage``): create, change, renew
the secret, read each message's delivery log and send a message again. Writes go through core.outbox."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.models import OutboxAttempt, OutboxMessage, WebhookSubscription
from core.outbox import (
    outbox_redeliver,
    webhook_subscription_create,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
)
from core.outbox_models import WEBHOOK_EVENTS
from core.params import int_param, str_param
from core.permissions import capability_required

CAPABILITY = "integrations.webhooks_manage"


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80, help_text=gettext_lazy("E.g. the HR system."))
    url = forms.CharField(
        label=gettext_lazy("Receiver URL"),
        max_length=500,
        help_text=gettext_lazy("An https:// address that answers 2xx; redirects are not followed."),
    )
    event_types = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), widget=forms.CheckboxSelectMultiple, choices=list(WEBHOOK_EVENTS.items())
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


def _save(request, form, subscription=None):
    data = form.cleaned_data
    try:
        if subscription is None:
            return webhook_subscription_create(
                actor=request.user,
                name=data["name"],
                url=data["url"],
                event_types=data["event_types"],
                active=data["active"],
            )
        return webhook_subscription_update(
            actor=request.user,
            subscription=subscription,
            name=data["name"],
            url=data["url"],
            event_types=data["event_types"],
            active=data["active"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@capability_required(CAPABILITY)
def webhook_list(request):
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sub = _save(request, form)
        if sub is not None:
            messages.success(request, _("Subscription created. Give its secret to the receiver to check signatures."))
            return redirect("core:webhook_detail", pk=sub.pk)
    subscriptions = WebhookSubscription.objects.annotate(
        pending=Count("messages", filter=Q(messages__status=OutboxMessage.Status.PENDING)),
        failed=Count("messages", filter=Q(messages__status=OutboxMessage.Status.FAILED)),
    )
    return render(
        request,
        "core/webhooks/list.html",
        {"form": form, "subscriptions": subscriptions, "event_names": WEBHOOK_EVENTS},
    )


@capability_required(CAPABILITY)
def webhook_detail(request, pk):
    sub = get_object_or_404(WebhookSubscription, pk=pk)
    initial = {"name": sub.name, "url": sub.url, "event_types": sub.event_types, "active": sub.active}
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _save(request, form, sub) is not None:
            messages.success(request, _("Subscription saved."))
            return redirect("core:webhook_detail", pk=sub.pk)
    status = str_param(request, "estado", max_length=20)
    rows = sub.messages.order_by("-pk").prefetch_related(
        Prefetch("attempt_log", queryset=OutboxAttempt.objects.order_by("-at", "-pk"))
    )
    if status in OutboxMessage.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 25).get_page(int_param(request, "page", default=1, minimum=1))
    return render(
        request,
        "core/webhooks/detail.html",
        {
            "sub": sub,
            "form": form,
            "page": page,
            "query": f"estado={status}" if status in OutboxMessage.Status.values else "",
            "status": status,
            "statuses": OutboxMessage.Status.choices,
            "event_names": WEBHOOK_EVENTS,
        },
    )


@require_POST
@capability_required(CAPABILITY)
def webhook_rotate_secret(request, pk):
    sub = get_object_or_404(WebhookSubscription, pk=pk)
    webhook_subscription_rotate_secret(actor=request.user, subscription=sub)
    messages.success(request, _("New secret made. The old one no longer signs messages."))
    return redirect("core:webhook_detail", pk=sub.pk)


@require_POST
@capability_required(CAPABILITY)
def webhook_redeliver(request, pk, message_pk):
    message = get_object_or_404(OutboxMessage, pk=message_pk, subscription_id=pk)
    outbox_redeliver(actor=request.user, message=message)
    messages.success(request, _("The message will be sent again, with the same id."))
    return redirect("core:webhook_detail", pk=pk)
