"""Open Badges documents of the issuer (public, no login), mounted at /insignias/."""

from django.urls import path

from certification import badge_views

app_name = "badges"

urlpatterns = [
    path("emisor.json", badge_views.issuer, name="issuer"),
    path("revocaciones.json", badge_views.revocations, name="revocations"),
    path("estado/revocacion.jwt", badge_views.status_list, name="status_list"),
    path("claves.json", badge_views.jwks, name="jwks"),
    path("contextos/<str:name>", badge_views.context, name="context"),
    path("<slug:code>.json", badge_views.badge_class, name="badge_class"),
    path("<slug:code>.png", badge_views.badge_image, {"ext": "png"}, name="badge_png"),
    path("<slug:code>.svg", badge_views.badge_image, {"ext": "svg"}, name="badge_svg"),
]
