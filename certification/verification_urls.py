"""Public verification pages (no login), mounted at /verificar/, and each certificate's badges."""

from django.urls import path

from certification import badge_views, views

app_name = "verification"

urlpatterns = [
    path("", views.verify_form, name="form"),
    path("<str:code>/", views.verify_detail, name="detail"),
    path("<str:code>/insignia.json", badge_views.assertion, name="assertion"),
    path("<str:code>/insignia.png", badge_views.baked, {"ext": "png"}, name="baked_png"),
    path("<str:code>/insignia.svg", badge_views.baked, {"ext": "svg"}, name="baked_svg"),
    path("<str:code>/credencial.jwt", badge_views.credential, {"ext": "jwt"}, name="credential_jwt"),
    path("<str:code>/credencial.json", badge_views.credential, {"ext": "json"}, name="credential_json"),
]
