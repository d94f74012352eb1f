from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from certification import badge_views as certification_badge_views
from config.api import api
from core import views as core_views

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("cuenta/", include("allauth.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("organizacion/", include("core.urls")),
    path("api/v1/", api.urls),
    # One way in: Wagtail's own login and password reset hand over to allauth (rate limits, MFA stage).
    path("cms/login/", core_views.cms_login_redirect),
    path("cms/password_reset/", core_views.cms_password_reset_redirect),
    path("cms/password_reset/<path:rest>", core_views.cms_password_reset_redirect),
    # Wagtail's deliberate-500 test view (its test404 page is harmless and stays).
    path("cms/failwhale/", core_views.cms_not_routed),
    path("cms/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    # --- apps (each app adds its line here) ---
    path("aprendizaje/", include("learning.urls")),
    path("kpis/", include("kpi.urls")),
    path("certificacion/", include("certification.urls")),
    path("incentivos/", include("incentives.urls")),
    path("cumplimiento/", include("compliance.urls")),
    path("verificar/", include("certification.verification_urls")),
    path("insignias/", include("certification.badge_urls")),
    path(".well-known/did.json", certification_badge_views.did_document, name="did_document"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the CMS page tree (/academia/ …); keep it last.
urlpatterns += [path("", include(wagtail_urls))]
