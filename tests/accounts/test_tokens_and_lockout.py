"""Second factor, tokens and lockout (issue 13, findings 5 and 8). Each failed before: no
role required a second factor in production, a person's token bypassed the one their role
required, tokens had no scope or default expiry, and lockout keyed on the proxy's address."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from safehold.accounts.clientip import client_address
from safehold.accounts.models import ApiToken, User
from safehold.accounts.roles import Role
from safehold.accounts.security import role_requires_second_factor, sees_case_data

PASSWORD = "correct-horse-battery"
CASE_ROLES = [r for r in Role if sees_case_data(r.value)]


def test_production_requires_a_second_factor_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEHOLD_SECRET_KEY", "x" * 50)
    monkeypatch.delenv("SAFEHOLD_REQUIRE_SECOND_FACTOR", raising=False)
    production = importlib.import_module("safehold.config.settings_production")
    production = importlib.reload(production)
    assert production.SAFEHOLD_REQUIRE_SECOND_FACTOR is True


def test_every_role_that_sees_case_data_is_one_the_rule_covers() -> None:
    assert set(CASE_ROLES) >= {
        Role.OFFENDER_MANAGER,
        Role.PRIORITIES_LEAD,
        Role.SAFEGUARDING_OFFICER,
        Role.RESOLUTION_INVESTIGATOR,
        Role.RESPONSE_SUPERVISOR,
        Role.AUDITOR,
        Role.ADMIN,
    }
    assert Role.ANALYST not in CASE_ROLES  # aggregates only


@pytest.mark.django_db
@override_settings(SAFEHOLD_REQUIRE_SECOND_FACTOR=True)
def test_with_the_production_rule_case_roles_must_enter_a_code() -> None:
    for role in CASE_ROLES:
        assert role_requires_second_factor(role.value), role


@pytest.mark.django_db
@override_settings(SAFEHOLD_REQUIRE_SECOND_FACTOR=True)
def test_a_persons_token_is_refused_where_their_role_requires_a_second_factor(
    users: dict[Role, User], make_user: Callable[..., User]
) -> None:
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "laptop")
    refused = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 403
    assert refused.json()["code"] == "token_refused"
    service = make_user(Role.PRIORITIES_LEAD, username="svc.bridge", is_service_account=True)
    _, raw = ApiToken.issue(service, "bridge")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
def test_a_read_only_token_cannot_write(users: dict[Role, User]) -> None:
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "reader", scope="read")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/me", **auth).status_code == 200
    response = Client().post("/api/planning/runs", {}, content_type="application/json", **auth)
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]


@pytest.mark.django_db
def test_a_token_limited_to_named_operations_is_refused_others(users: dict[Role, User]) -> None:
    _, raw = ApiToken.issue(users[Role.PRIORITIES_LEAD], "me only", operations=["GET /api/me"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_X_JUSTIFICATION": "planning"}
    assert Client().get("/api/me", **auth).status_code == 200
    assert Client().get("/api/offenders", **auth).status_code == 403


@pytest.mark.django_db
def test_tokens_expire_after_the_configured_days_by_default(users: dict[Role, User]) -> None:
    token, _ = ApiToken.issue(users[Role.ANALYST], "t")
    assert token.expires_at is not None
    left = token.expires_at - timezone.now()
    assert timedelta(days=89) < left <= timedelta(days=90)


@pytest.mark.django_db
@override_settings(SAFEHOLD_REQUIRE_SECOND_FACTOR=True)
def test_the_command_line_will_not_issue_a_token_to_a_person_needing_a_second_factor(
    users: dict[Role, User],
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="service account"):
        call_command("token", "issue", users[Role.OFFENDER_MANAGER].username, "laptop")


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.5", "", [], "203.0.113.5"),
        ("203.0.113.5", "198.51.100.1", [], "203.0.113.5"),  # header ignored: no proxies
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "garbage", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_right_most_untrusted_hop(
    remote: str, forwarded: str, trusted: list[str], expected: str
) -> None:
    assert client_address(remote, forwarded, trusted) == expected


@pytest.mark.django_db
@override_settings(SAFEHOLD_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_proxy_one_clients_failures_do_not_lock_another(
    make_user: Callable[..., User],
) -> None:
    from django.conf import settings

    make_user(Role.ANALYST, username="ana")
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    owner = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/accounts/sign-in/", {"username": "ana", "password": "x"}, **attacker)
    locked = Client().post(
        "/accounts/sign-in/", {"username": "ana", "password": PASSWORD}, **attacker
    )
    assert locked.status_code == 429
    signed_in = Client().post(
        "/accounts/sign-in/", {"username": "ana", "password": PASSWORD}, **owner
    )
    assert signed_in.status_code == 302


@pytest.mark.django_db
@override_settings(SAFEHOLD_LOCKOUT_ADDRESS_FAILURES=4)
def test_one_address_failing_across_many_user_names_is_refused(
    make_user: Callable[..., User],
) -> None:
    make_user(Role.ANALYST, username="ana")
    for name in ("a", "b", "c", "d"):
        Client().post("/accounts/sign-in/", {"username": name, "password": "x"})
    refused = Client().post("/accounts/sign-in/", {"username": "ana", "password": PASSWORD})
    assert refused.status_code == 429
    assert b"Too many sign-in attempts from this computer" in refused.content
