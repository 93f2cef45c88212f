"""Sign-in, idle expiry and second-factor enforcement for every request.

Every page needs a signed-in user (anonymous visitors are sent to the sign-in page);
the JSON API under ``/api/`` answers 401 itself, through its own authentication.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import RoleSecurityPolicy

API_PREFIX = "/api/"
_LAST_SEEN = "safehold_last_seen"


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's sign-in requirement for pages; the API authenticates itself."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class IdleTimeoutMiddleware:
    """Sign a user out after ``SAFEHOLD_IDLE_TIMEOUT_MINUTES`` without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(_LAST_SEEN)
            limit = settings.SAFEHOLD_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - float(last) > limit:
                logout(request)
                if request.path.startswith(API_PREFIX):
                    return self.get_response(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                return redirect_to_login(request.get_full_path())
            request.session[_LAST_SEEN] = now
        return self.get_response(request)


_SECOND_FACTOR_EXEMPT = ("/accounts/", "/static/")


def role_requires_second_factor(role: str) -> bool:
    return RoleSecurityPolicy.objects.filter(role=role, require_second_factor=True).exists()


class SecondFactorMiddleware:
    """Send users whose role requires TOTP to set it up or enter a code first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_SECOND_FACTOR_EXEMPT)
            and not request.path.startswith(API_PREFIX)
            and not getattr(user, "is_verified", lambda: False)()
            and role_requires_second_factor(getattr(user, "role", ""))
        ):
            return redirect(
                f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
