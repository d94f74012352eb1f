from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("equipos/", views.team_list, name="team_list"),
    path("equipos/<slug:code>/", views.team_detail, name="team_detail"),
    path("personas/<str:code>/", views.employee_detail, name="employee_detail"),
    path("personas/<str:code>/equipo/", views.employee_move, name="employee_move"),
    path("personas/<str:code>/campana/", views.employee_assign_campaign, name="employee_assign_campaign"),
    path("auditoria/", views.audit_list, name="audit_list"),
    path("auditoria/exportar.csv", views.audit_export, name="audit_export"),
    path("usuarios/", views.user_list, name="user_list"),
    path("usuarios/<int:pk>/rol/", views.user_role_change, name="user_role_change"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revocar/", views.api_token_revoke_view, name="api_token_revoke"),
]

# webhooks (core.views_webhooks)
from core import views_webhooks  # noqa: E402

urlpatterns += [
    path("webhooks/", views_webhooks.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/", views_webhooks.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/secreto/", views_webhooks.webhook_rotate_secret, name="webhook_rotate_secret"),
    path(
        "webhooks/<int:pk>/mensajes/<int:message_pk>/reenviar/",
        views_webhooks.webhook_redeliver,
        name="webhook_redeliver",
    ),
]
