"""Error pages: JSON for the API, GOV.UK pages otherwise, never a stack trace."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string


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
    if _api(request):
        return JsonResponse(
            {"code": "server_error", "message": "Something went wrong; nothing was half-saved"},
            status=500,
        )
    # No context processors: the failure may be in one of them.
    return HttpResponse(render_to_string("500.html"), status=500)
