from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.breach_list, name="breach_list"),
    path("incumplimientos.csv", views.breach_list_csv, name="breach_list_csv"),
    path("incumplimientos/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("mis-incumplimientos/", views.my_breaches, name="my_breaches"),
    path("registros/", views.import_list, name="import_list"),
    path("registros/nuevo/", views.import_new, name="import_new"),
    path("registros/<int:pk>/", views.import_detail, name="import_detail"),
    path("reglas/", views.ruleset_list, name="ruleset_list"),
    path("reglas/<str:country>/nueva-version/", views.ruleset_new, name="ruleset_new"),
    path("habilitacion/", views.clearance, name="clearance"),
]
