"""The home page (figures from every context the user's role can see) and the navigation
drawn into every page for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from safehold.accounts.access import signed_in_user
from safehold.navigation import nav_for, tiles_for


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: figures from every context the user's role can see."""
    return render(request, "home.html", {"tiles": tiles_for(signed_in_user(request))})


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        path = request.path
        for item in nav_for(user):
            items.append({"label": item.label, "url": reverse(item.url_name), "current": False})
        # The current item is the one whose URL is the longest prefix of this page's path.
        matches = [
            i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
        ]
        if matches:
            max(matches, key=lambda i: len(i["url"]))["current"] = True
    return {"nav_items": items, "force_name": settings.SAFEHOLD_FORCE_NAME}
