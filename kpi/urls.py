from django.urls import path

from . import views

app_name = "kpi"

urlpatterns = [
    path("", views.my_kpis, name="my_kpis"),
    path("equipo/", views.team_kpis, name="team_kpis"),
    path("empleado/<str:code>/", views.employee_kpis, name="employee_kpis"),
    path("cargas/", views.import_list, name="import_list"),
    path("cargas/nueva/", views.import_new, name="import_new"),
    path("cargas/<int:pk>/", views.import_detail, name="import_detail"),
    path("cargas/<int:pk>/estado/", views.import_status, name="import_status"),
    path("cargas/<int:pk>/errores.csv", views.import_errors_csv, name="import_errors_csv"),
]
