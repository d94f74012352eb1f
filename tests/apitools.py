"""Bearer tokens for API tests: ``client.get(url, **bearer(world.hr, "certification:read"))``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.services import api_token_create


def bearer(user, *scopes: str) -> dict:
    _token, plaintext = api_token_create(
        actor=user,
        name="test",
        scopes=list(scopes),
        expires_at=timezone.now() + dt.timedelta(days=30),
        mfa_satisfied=True,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
