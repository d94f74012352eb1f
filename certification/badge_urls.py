"""Open Badges documents of the issuer (public, no login), mounted at /insignias/."""

from django.urls import path, re_path

from certification import badge_views

app_name = "badges"

urlpatterns = [
    path("emisor.json", badge_views.issuer, name="issuer"),
    path("revocaciones.json", badge_views.revocations, name="revocations"),
    path("estado/revocacion.jwt", badge_views.status_list, name="status_list"),
    path("claves.json", badge_views.jwks, name="jwks"),
    path("contextos/<str:name>", badge_views.context, name="context"),
    path("<slug:code>.json", badge_views.badge_class, name="badge_class"),
    re_path(r"^(?P<code>[-a-zA-Z0-9_]+)\.(?P<ext>png|svg)$", badge_views.badge_image, name="badge_image"),
]
