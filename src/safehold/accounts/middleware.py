"""Sign-in, idle expiry and second-factor enforcement for every request.

Every page needs a signed-in user (anonymous visitors are sent to the sign-in page);
the JSON API under ``/api/`` answers 401 itself, through its own authentication.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

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

from safehold.clock import SYSTEM_CLOCK, Clock

from .security import role_requires_second_factor as _requires

API_PREFIX = "/api/"
_LAST_SEEN = "safehold_last_seen"
_TOUCH_EVERY_S = 60


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
    """Sign a user out after ``SAFEHOLD_IDLE_TIMEOUT_MINUTES`` without a request of theirs.

    htmx requests are the pages refreshing themselves (the queue every 30 seconds, job
    progress): they are not the user's activity, or a screen left open on the queue would
    never sign out. The time comes from :attr:`clock` (tests give a frozen one).
    """

    clock: Clock = SYSTEM_CLOCK

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = self.clock.now().timestamp()
            last = request.session.get(_LAST_SEEN)
            limit = settings.SAFEHOLD_IDLE_TIMEOUT_MINUTES * 60
            polled = request.headers.get("HX-Request") == "true"
            if last is not None and now - float(last) > limit:
                logout(request)
                if request.path.startswith(API_PREFIX):
                    return self.get_response(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                if polled:
                    # A redirect would be followed inside the fragment; htmx loads the
                    # sign-in page instead, to come back to the page that was polling.
                    page = urlsplit(request.headers.get("HX-Current-URL", ""))
                    back = page.path + (f"?{page.query}" if page.query else "")
                    response = HttpResponse()
                    response["HX-Redirect"] = redirect_to_login(back or request.get_full_path()).url
                    return response
                return redirect_to_login(request.get_full_path())
            # Recording activity writes the session row: at most once a minute, not on
            # every request (a signed-out user may go up to a minute before the limit).
            if last is None or (not polled and now - float(last) >= _TOUCH_EVERY_S):
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


_SECOND_FACTOR_EXEMPT = ("/accounts/", "/static/")


def role_requires_second_factor(role: str) -> bool:
    return _requires(role)


def awaits_second_factor(user: Any) -> bool:
    """A signed-in user whose role requires TOTP and who has not entered a code yet."""
    return (
        user.is_authenticated
        and not getattr(user, "is_verified", lambda: False)()
        and role_requires_second_factor(getattr(user, "role", ""))
    )


class SecondFactorMiddleware:
    """Send users whose role requires TOTP to set it up or enter a code first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # The API does not redirect: its session authentication refuses such a user.
        if (
            not request.path.startswith(_SECOND_FACTOR_EXEMPT)
            and not request.path.startswith(API_PREFIX)
            and awaits_second_factor(user)
        ):
            return redirect(
                f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
