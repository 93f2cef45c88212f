"""Error pages: JSON for the API, GOV.UK pages otherwise, never a stack trace."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def is_busy(exception: BaseException) -> bool:
    """SQLite's "database is locked" (another writer held it past the busy timeout)."""
    return isinstance(exception, OperationalError) and "locked" in str(exception).lower()


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": "bad_request", "message": "Bad request"}, status=400)
    return render(request, "400.html", status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse(
            {"code": "forbidden", "message": "Your role does not allow this"}, status=403
        )
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"code": "not_found", "message": "No such resource"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # The net under the middleware: a busy database met outside a view (a session
    # saved on the way out, a sign-in's lockout record) is still a 503, not a 500.
    exception = sys.exc_info()[1]
    if exception is not None and is_busy(exception):
        return busy(request, int(getattr(settings, "SAFEHOLD_BUSY_RETRY_AFTER", 5)))
    if _api(request):
        return JsonResponse(
            {"code": "server_error", "message": "Something went wrong; nothing was half-saved"},
            status=500,
        )
    # No context processors: the failure may be in one of them.
    return HttpResponse(render_to_string("500.html"), status=500)


def unreadable_value(request: HttpRequest) -> HttpResponse:
    """A value in the address or form that cannot be read (``?run=²``): 400, never 500."""
    message = "A value in the address or form cannot be read; check it and try again"
    if _api(request):
        return JsonResponse({"code": "bad_request", "message": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def busy(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The database is busy with another write: 503 with ``Retry-After``, never 500."""
    message = "Safehold is busy saving other work; try again in a few seconds"
    if _api(request):
        response: HttpResponse = JsonResponse({"code": "busy", "message": message}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message, "retry_after": retry_after}),
            status=503,
        )
    response["Retry-After"] = str(retry_after)
    return response
