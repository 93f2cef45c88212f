"""The JSON API under /api/: one NinjaAPI with a router per context.

Authentication is a bearer token (``Authorization: Bearer sh_...``) for other systems,
or the browser's session (with CSRF) for pages. Every operation then checks the same
capabilities as the pages. Errors are JSON with a stable ``code`` (see safehold.errors).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from safehold.accounts.middleware import awaits_second_factor
from safehold.accounts.models import ApiToken, User
from safehold.accounts.security import token_refusal
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import Forbidden, SafeholdError


class TokenAuth(HttpBearer):
    """A bearer token issued to another system (only its SHA-256 is stored)."""

    clock: Clock = SYSTEM_CLOCK  # where expiry and last use read the time

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        digest = ApiToken.digest_of(token)
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=digest, revoked=False, user__is_active=True)
            .first()
        )
        if found is None or (found.expires_at and found.expires_at <= self.clock.now()):
            return None
        refusal = token_refusal(found, request.method or "GET", request.path)
        if refusal is not None:
            raise Forbidden(refusal, code="token_refused")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=self.clock.now())
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class VerifiedSessionAuth(SessionAuth):
    """The browser's session, once it has passed the second factor its role requires.

    The second-factor middleware leaves ``/api/`` alone, so without this check a
    password-only session would reach through the API what its pages withhold.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if awaits_second_factor(request.user):
            return None
        return super().authenticate(request, key)


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Docs and schema for signed-in users only; 401 JSON otherwise."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signed_in = request.user.is_authenticated and not awaits_second_factor(request.user)
        if not signed_in and TokenAuth()(request) is None:
            return JsonResponse(
                {"code": "not_authenticated", "message": "Sign in or send a bearer token"},
                status=401,
            )
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="Safehold API",
    version="1",
    description=(
        "Public protection and demand management. Authenticate with `Authorization: Bearer "
        "<token>` or a signed-in session. Reads of personal data need the `X-Justification` "
        "header (a reason code) and are logged as disclosures."
    ),
    auth=[TokenAuth(), VerifiedSessionAuth()],
    docs_decorator=signed_in_only,
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(SafeholdError)
def _safehold_error(request: HttpRequest, exc: SafeholdError) -> HttpResponse:
    return _error(request, exc.status, exc.as_dict())


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, {"code": "not_authenticated", "message": "Sign in or send a bearer token"}
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "csrf_failed" if "CSRF" in str(exc) else "http_error"
    return _error(request, exc.status_code, {"code": code, "message": str(exc)})


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(
        request, 403, {"code": "forbidden", "message": "Your role does not allow this operation"}
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, {"code": "not_found", "message": "No such record, or not yours"})


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [".".join(str(p) for p in e.get("loc", ())) for e in exc.errors]
    return _error(
        request,
        422,
        {
            "code": "invalid_input",
            "message": "Some fields are missing or wrong: " + ", ".join(fields),
            "detail": exc.errors,
        },
    )


def register_routers() -> None:
    """Mount each context's router (imported late: routers import models)."""
    from safehold.audit.api import router as audit_router
    from safehold.jobs.api import router as jobs_router
    from safehold.offenders.api import router as offenders_router
    from safehold.people.api import router as people_router
    from safehold.planning.api import router as planning_router
    from safehold.safeguarding.api import router as safeguarding_router

    api.add_router("/me", "safehold.shell.api.router")
    api.add_router("/people", people_router)
    api.add_router("/audit", audit_router)
    api.add_router("/jobs", jobs_router)
    api.add_router("", offenders_router)
    api.add_router("/safeguarding", safeguarding_router)
    api.add_router("/planning", planning_router)
    from safehold.demand.api import router as demand_router

    api.add_router("/demand", demand_router)
    from safehold.simulation.api import router as simulation_router

    api.add_router("/simulation", simulation_router)
    from safehold.insights.api import router as insights_router

    api.add_router("/insights", insights_router)
