"""Signing in and out: argon2, lockout, idle expiry and the per-role second factor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.accounts.middleware import IdleTimeoutMiddleware
from safehold.accounts.models import RoleSecurityPolicy, User
from safehold.accounts.roles import Role
from safehold.clock import FrozenClock

PASSWORD = "correct-horse-battery"


def test_passwords_are_hashed_with_argon2_outside_the_test_suite() -> None:
    """The base settings hash new passwords with Argon2 (tests use a fast hasher)."""
    import importlib

    base = importlib.import_module("safehold.config.settings")
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """The idle-timeout middleware's clock, frozen so a test can move it on."""
    frozen = FrozenClock(datetime.now(UTC))
    monkeypatch.setattr(IdleTimeoutMiddleware, "clock", frozen)
    return frozen


@pytest.mark.django_db
def test_a_user_signs_in_with_name_and_password_and_reaches_the_dashboard(
    make_user: Callable[..., User],
) -> None:
    """The sign-in form takes the user to the page they asked for."""
    make_user(Role.ANALYST, username="ana")
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": "ana", "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_shows_an_error_summary_and_does_not_sign_in(
    make_user: Callable[..., User],
) -> None:
    """A failed sign-in re-shows the form with the GOV.UK error summary."""
    make_user(Role.ANALYST, username="ana")
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct user name and password" in response.content
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    make_user: Callable[..., User],
) -> None:
    """django-axes locks the account after the configured number of failures."""
    make_user(Role.ANALYST, username="ana")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/sign-in/", {"username": "ana", "password": "wrong"})
    response = client.post("/accounts/sign-in/", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_an_idle_session_expires_and_asks_to_sign_in_again(
    make_user: Callable[..., User], clock: FrozenClock
) -> None:
    """After the idle timeout the next request signs the user out."""
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/").status_code == 200
    clock.advance(timedelta(minutes=settings.SAFEHOLD_IDLE_TIMEOUT_MINUTES, seconds=5))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.django_db
def test_signing_out_ends_the_session(make_user: Callable[..., User]) -> None:
    """Sign out is a POST and leaves the user anonymous."""
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_role_that_requires_a_second_factor_must_set_one_up_first(
    make_user: Callable[..., User],
) -> None:
    """With TOTP required for the role, pages send the user to set up an app."""
    RoleSecurityPolicy.objects.create(role=Role.AUDITOR, require_second_factor=True)
    user = make_user(Role.AUDITOR)
    client = Client()
    client.force_login(user)
    response = client.get("/audit/access-log/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
    setup = client.get(response["Location"])
    assert b"Set up your authenticator app" in setup.content
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    done = client.post("/accounts/two-factor/", {"token": code, "next": "/audit/access-log/"})
    assert done.status_code == 302
    assert client.get("/audit/access-log/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.django_db
def test_a_wrong_second_factor_code_is_refused_with_a_message(
    make_user: Callable[..., User],
) -> None:
    """A wrong code re-shows the form with an error saying what to do."""
    RoleSecurityPolicy.objects.create(role=Role.AUDITOR, require_second_factor=True)
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    client.get("/accounts/two-factor/")
    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/"})
    assert b"That code is wrong" in wrong.content
    assert client.get("/audit/access-log/").status_code == 302


@pytest.mark.django_db
def test_roles_without_the_requirement_are_not_asked_for_a_second_factor(
    make_user: Callable[..., User],
) -> None:
    """The second factor is optional unless an administrator requires it for the role."""
    RoleSecurityPolicy.objects.create(role=Role.AUDITOR, require_second_factor=True)
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_a_session_that_has_not_passed_its_roles_second_factor(
    make_user: Callable[..., User],
) -> None:
    """A password-only session of a role that needs TOTP gets 401 from the API, as pages
    send it to the second factor; after the code the same session is let in."""
    RoleSecurityPolicy.objects.create(role=Role.AUDITOR, require_second_factor=True)
    user = make_user(Role.AUDITOR)
    client = Client()
    client.force_login(user)
    refused = client.get("/api/audit/entries")
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    assert client.get("/api/docs").status_code == 401
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    client.post("/accounts/two-factor/", {"token": code, "next": "/"})
    assert client.get("/api/audit/entries").status_code == 200


@pytest.mark.django_db
def test_the_api_takes_a_session_of_a_role_without_the_requirement(
    make_user: Callable[..., User],
) -> None:
    """Only the roles an administrator names need the second factor for the API too."""
    RoleSecurityPolicy.objects.create(role=Role.AUDITOR, require_second_factor=True)
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/api/me").status_code == 200


@pytest.mark.django_db
def test_a_page_polling_by_itself_does_not_keep_an_idle_session_alive(
    make_user: Callable[..., User], clock: FrozenClock
) -> None:
    """htmx refreshes (the queue every 30 s) are not activity: an unattended screen still
    signs out, and the refresh then sends the whole page to the sign-in form."""
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/").status_code == 200
    limit = timedelta(minutes=settings.SAFEHOLD_IDLE_TIMEOUT_MINUTES)
    clock.advance(limit - timedelta(seconds=5))
    assert client.get("/", HTTP_HX_REQUEST="true").status_code == 200
    clock.advance(timedelta(seconds=10))
    poll = client.get(
        "/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/safeguarding/"
    )
    assert poll.status_code == 200
    assert poll["HX-Redirect"] == "/accounts/sign-in/?next=/safeguarding/"
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_request_the_user_makes_keeps_the_session_alive(
    make_user: Callable[..., User], clock: FrozenClock
) -> None:
    """A page opened within the idle period starts the period again."""
    client = Client()
    client.force_login(make_user(Role.ANALYST))
    assert client.get("/").status_code == 200
    limit = timedelta(minutes=settings.SAFEHOLD_IDLE_TIMEOUT_MINUTES)
    clock.advance(limit - timedelta(seconds=5))
    assert client.get("/").status_code == 200
    clock.advance(timedelta(seconds=10))
    assert client.get("/").status_code == 200
