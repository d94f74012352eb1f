"""Page-level capability checks for views. A user whose role lacks the capability gets the designed
403 page; an object outside the user's scope gets 404 (see core.scoping). Which role holds which
capability is the one table in core.capabilities."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from core.capabilities import get, user_can


def capability_required(capability: str):
    """Decorator: the user must be signed in and hold `capability`."""
    get(capability)  # an unknown name fails at import time, not at the first request

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not user_can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class CapabilityRequiredMixin(LoginRequiredMixin):
    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_can(request.user, self.capability):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
