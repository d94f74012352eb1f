from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("catalogo/", views.catalogue_redirect, name="catalogue"),
    path("progreso/", views.lesson_progress, name="lesson_progress"),
    path("lecciones/<int:lesson_id>/completar/", views.lesson_complete, name="lesson_complete"),
    path("scorm/<int:package_id>/<path:path>", views.scorm_content, name="scorm_content"),
    path("lecciones/<int:lesson_id>/scorm/<str:token>/commit/", views.scorm_commit, name="scorm_commit"),
    path("estado/", views.training_status, name="training_status"),
    path("estado/exportar.csv", views.training_status_export, {"fmt": "csv"}, name="training_status_csv"),
    path("estado/exportar.xlsx", views.training_status_export, {"fmt": "xlsx"}, name="training_status_xlsx"),
    path("personas/<str:code>/", views.employee_learning, name="employee_learning"),
    path("reglas/", views.rule_list, name="rule_list"),
    path("reglas/nueva/", views.rule_create, name="rule_create"),
    path("reglas/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("reglas/<int:pk>/desactivar/", views.rule_deactivate, name="rule_deactivate"),
]
