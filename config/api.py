"""The HTTP API (django-ninja), mounted at /api/v1/. OpenAPI document: /api/v1/openapi.json.

Authentication: `Authorization: Bearer <token>` with Wagtail's API tokens (created by users at
/organizacion/tokens/). Apps add their routers below (one line each)."""

from ninja import NinjaAPI
from wagtail.api.v3.auth import BearerTokenAuth

api = NinjaAPI(
    title="Acredita API",
    version="1.0.0",
    description="Training, certification and incentives portal for collection contact centres.",
    urls_namespace="acredita_api",
    auth=BearerTokenAuth(),
    docs_url="/docs",
)

# --- routers (apps add theirs here) ---
api.add_router("/kpi-feeds", "kpi.api.router")
