"""Every safeguarding page and API read that shows personal data is logged with its reason."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.authz_safeguarding import (
    SAFEGUARDING_PERSONAL_DATA_API,
    SAFEGUARDING_PERSONAL_DATA_PAGES,
    safeguarding_justify,
    safeguarding_url_kwargs,
)
from tests.conftest import give_justification
from tests.test_authorization_matrix import all_routes

from safehold.accounts.models import ApiToken, User
from safehold.audit.models import AccessLogEntry, Operation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", SAFEGUARDING_PERSONAL_DATA_PAGES)
def test_every_page_with_personal_data_writes_a_consultation(officer: User, name: str) -> None:
    """One look, one consultation, with the user and the session's justification."""
    pattern = next(r for n, r in all_routes() if n == name)
    kwargs = safeguarding_url_kwargs(pattern)
    client = Client()
    client.force_login(officer)
    give_justification(client, "list")
    safeguarding_justify(client, kwargs)
    before = AccessLogEntry.objects.count()
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry is not None
    assert (entry.operation, entry.user, entry.channel) == (Operation.CONSULTATION, officer, "page")
    assert entry.reason == "case_management"


@pytest.mark.parametrize(("method", "path"), SAFEGUARDING_PERSONAL_DATA_API)
def test_every_api_read_of_personal_data_is_a_logged_disclosure(
    officer: User, method: str, path: str
) -> None:
    """Refused without X-Justification; with it, a disclosure naming the token's system."""
    kwargs = safeguarding_url_kwargs(path)
    url = path.format(**kwargs)
    _, raw = ApiToken.issue(officer, "MARAC coordinator")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    refused = client.generic(method, url)
    assert (refused.status_code, refused.json()["code"]) == (428, "justification_required")
    ok = client.generic(method, url, HTTP_X_JUSTIFICATION="safeguarding")
    assert ok.status_code == 200
    entry = AccessLogEntry.objects.get(operation=Operation.DISCLOSURE)
    assert (entry.user, entry.reason, entry.channel) == (officer, "safeguarding", "api")
    assert "MARAC coordinator" in entry.recipient
