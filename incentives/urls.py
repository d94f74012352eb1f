from django.urls import path

from incentives import views

app_name = "incentives"

urlpatterns = [
    path("mi-bono/", views.my_bonus, name="my_bonus"),
    path("pagos/<int:pk>/", views.payout_detail, name="payout_detail"),
    path("pagos/<int:pk>/hechos/", views.payout_facts, name="payout_facts"),
    path("pagos/<int:pk>/disputa/", views.dispute_open, name="dispute_open"),
    path("estados/<int:run_id>/", views.statement, name="statement"),
    path("estados/<int:run_id>/pdf/", views.statement_download, name="statement_pdf"),
    path("corridas/", views.run_list, name="run_list"),
    path("corridas/calcular/", views.run_request, name="run_request"),
    path("corridas/<int:pk>/", views.run_detail, name="run_detail"),
    path("corridas/<int:pk>/progreso/", views.run_progress, name="run_progress"),
    path("corridas/<int:pk>/confirmar/<slug:action>/", views.run_confirm, name="run_confirm"),
    path("corridas/<int:pk>/accion/<slug:action>/", views.run_transition, name="run_transition"),
    path("corridas/<int:pk>/exportar/", views.run_export, name="run_export"),
    path("corridas/<int:pk>/ajustes/", views.adjustment_create, name="adjustment_create"),
    path("ajustes/<int:pk>/<slug:decision>/", views.adjustment_decide, name="adjustment_decide"),
    path("clasificacion/", views.leaderboard, name="leaderboard"),
    path("disputas/", views.dispute_list, name="dispute_list"),
    path("disputas/<int:pk>/resolver/", views.dispute_resolve, name="dispute_resolve"),
    path("plantillas-nomina/", views.export_templates, name="export_templates"),
    path("plantillas-nomina/<int:pk>/", views.export_templates, name="export_template_edit"),
    path("planes/", views.plan_list, name="plan_list"),
    path("planes/esquema.json", views.plan_schema, name="plan_schema"),
    path("planes/importar/", views.plan_import, name="plan_import"),
    path("planes/metas/", views.targets_upload, name="targets_upload"),
    path("planes/<slug:code>/", views.plan_detail, name="plan_detail"),
    path("planes/<slug:code>/nueva-version/", views.plan_version_new, name="plan_version_new"),
    path("planes/<slug:code>/asignaciones/", views.assignment_create, name="assignment_create"),
    path("versiones/<int:pk>/editar/", views.plan_version_edit, name="plan_version_edit"),
    path("versiones/<int:pk>/publicar/", views.plan_version_publish, name="plan_version_publish"),
    path("versiones/<int:pk>/json/", views.plan_version_json, name="plan_version_json"),
]
