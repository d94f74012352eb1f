"""Public verification pages (no login), mounted at /verificar/, and each certificate's badges."""

from django.urls import path, re_path

from certification import badge_views, views

app_name = "verification"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_detail, name="detail"),
    path("<str:code>/insignia.json", badge_views.assertion, name="assertion"),
    re_path(r"^(?P<code>[0-9A-Za-z]+)/insignia\.(?P<ext>png|svg)$", badge_views.baked, name="baked"),
    re_path(r"^(?P<code>[0-9A-Za-z]+)/credencial\.(?P<ext>jwt|json)$", badge_views.credential, name="credential"),
]
