"""Every route has a request-body cap (issue 13, finding 1): the one it declares, or the
small default for its kind; only the uploads declare more, and a body over a route's cap
is refused with 413 before it is read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.bodycap import API_DEFAULT, PAGE_DEFAULT, cap_of, is_api

# The routes allowed more than their kind's default, and why.
LARGER = {
    "offenders:import": "a caseload CSV upload",
    "api:post_import": "a caseload CSV upload",
    "offenders:upload_photo": "a photograph of the person (PNG or JPEG)",
}


def _routes(
    patterns: list[Any] | None = None, prefix: str = ""
) -> Iterator[tuple[str, Callable[..., Any]]]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            space = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _routes(p.url_patterns, space)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p.callback


def test_every_route_has_a_cap_and_only_the_uploads_exceed_their_kinds_default() -> None:
    seen = 0
    for name, view in _routes():
        for method in ("POST", "PUT", "PATCH"):
            cap = cap_of(view, method)
            default = API_DEFAULT if is_api(view) else PAGE_DEFAULT
            assert cap.bytes > 0, name
            if name in LARGER and method == "POST":
                assert cap.declared, f"{name}: {LARGER[name]} must declare its cap"
                assert cap.bytes > getattr(settings, default), name
            elif name not in LARGER:
                assert cap.bytes <= getattr(settings, default), f"{name} {method}: {cap}"
            seen += 1
    assert seen > 3 * 150  # every page and API operation, not an empty walk
    assert {n for n, _ in _routes()} >= set(LARGER)


@pytest.mark.django_db
def test_a_page_form_over_its_cap_is_refused_before_it_is_read(
    users: dict[Role, User],
) -> None:
    client = Client()
    client.force_login(users[Role.SAFEGUARDING_OFFICER])
    body = "summary=" + "x" * (settings.SAFEHOLD_PAGE_MAX_BODY_BYTES + 1)
    response = client.post(
        "/safeguarding/incidents/new/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert f"({settings.SAFEHOLD_PAGE_MAX_BODY_BYTES} bytes)" in response.content.decode()


@pytest.mark.django_db
def test_the_upload_accepts_a_file_larger_than_the_small_default(
    users: dict[Role, User],
) -> None:
    """A 200 KB caseload file reaches the importer (which reports its rows), through the
    page and the API, where any other route would answer 413."""
    rows = "register_reference,given_name\n" + "R1,A\n" * (200 * 1024 // 5)
    lead = users[Role.PRIORITIES_LEAD]
    client = Client()
    client.force_login(lead)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        "/offenders/import/",
        {"file": SimpleUploadedFile("c.csv", rows.encode()), "dry_run": "on"},
    )
    assert page.status_code == 200
    _, raw = ApiToken.issue(lead, "t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        "/api/caseload-imports?dry_run=true",
        {"file": SimpleUploadedFile("c.csv", rows.encode())},
    )
    assert api.status_code != 413, api.content[:200]
