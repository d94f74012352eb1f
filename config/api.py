"""The HTTP API (django-ninja), mounted at /api/v1/. OpenAPI document: /api/v1/openapi.json.

Authentication: `Authorization: Bearer <token>` with the portal's API tokens (core.ApiToken, created
at /organizacion/tokens/): scoped per area (`kpi:read`, `kpi:write`), expiring, revocable. Each
operation names the scope it needs with `auth=ApiTokenAuth(scope=...)`; the default below accepts any
valid token. Apps add their routers below (one line each).

Every error is an RFC 9457 problem (application/problem+json) and every list a page
(core.api_problems)."""

from core.api_problems import ProblemAPI
from core.api_tokens import ApiTokenAuth

api = ProblemAPI(
    title="Acredita API",
    version="1.0.0",
    description="Training, certification and incentives portal for collection contact centres.",
    urls_namespace="acredita_api",
    auth=ApiTokenAuth(),
    docs_url="/docs",
)

# --- routers (apps add theirs here) ---
api.add_router("/kpi-feeds", "kpi.api.router")
api.add_router("/clearance", "compliance.api.router")
api.add_router("/contact-logs", "compliance.api.logs_router")
api.add_router("/contact-check", "compliance.api.check_router")
api.add_router("/certificates", "certification.api.router")
api.add_router("/certified", "certification.api.certified_router")
api.add_router("/exam-attempts", "certification.api.attempts_router")
api.add_router("/payout-runs", "incentives.api.router")
api.add_router("/courses", "learning.api.courses_router")
api.add_router("/assignments", "learning.api.assignments_router")
api.add_router("/learning-progress", "learning.api.progress_router")
api.add_router("/org", "core.api.router")
