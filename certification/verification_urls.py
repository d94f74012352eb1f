"""Public verification pages (no login), mounted at /verificar/."""

from django.urls import path

from certification import views

app_name = "verification"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_detail, name="detail"),
]
