"""Administrators act under the access log (issue 13, finding 4). Each test failed before:
a token moved to another user, a role change and a token issue left no access-log entry,
an administrator could give itself a case-data role, and the OTP admin showed secrets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.accounts.admin import UserAdmin
from safehold.accounts.models import ApiToken, RoleSecurityPolicy, User
from safehold.accounts.roles import Role
from safehold.audit.account_changes import acting
from safehold.audit.models import AccessLogEntry, Operation
from safehold.audit.privileged import privileged_changes
from safehold.errors import Forbidden

pytestmark = pytest.mark.django_db


def entries(record_type: str) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            record_type=record_type, operation=Operation.ALTERATION
        ).order_by("id")
    )


def test_a_token_cannot_change_owner(users: dict[Role, User]) -> None:
    token, _ = ApiToken.issue(users[Role.ADMIN], "mine")
    token.user = users[Role.PRIORITIES_LEAD]
    with pytest.raises(Forbidden, match="cannot change owner"):
        token.save()
    token.refresh_from_db()
    assert token.user == users[Role.ADMIN]


def test_the_token_admin_shows_the_owner_read_only(users: dict[Role, User]) -> None:
    from django.contrib import admin

    token, _ = ApiToken.issue(users[Role.ANALYST], "t")
    request = RequestFactory().get("/")
    request.user = users[Role.ADMIN]
    assert "user" in admin.site._registry[ApiToken].get_readonly_fields(request, token)


def test_a_role_change_is_logged_with_who_whom_before_and_after(
    users: dict[Role, User], make_user: Callable[..., User]
) -> None:
    other_admin = make_user(Role.ADMIN, username="admin.two")
    target = users[Role.ANALYST]
    with acting(other_admin, "admin"):
        target.role = Role.PRIORITIES_LEAD
        target.save()
    entry = entries("user")[-1]
    assert entry.username == "admin.two"
    assert entry.record_id == str(target.pk)
    assert entry.detail["whom"] == target.username
    assert entry.detail["before"] == {"role": "analyst"}
    assert entry.detail["after"] == {"role": "priorities_lead"}
    assert entry.channel == "admin"


def test_giving_oneself_a_case_data_role_is_refused(users: dict[Role, User]) -> None:
    admin = users[Role.ADMIN]
    admin.role = Role.PRIORITIES_LEAD
    with acting(admin, "admin"), pytest.raises(Forbidden, match="another administrator"):
        admin.save()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_the_admin_form_refuses_a_self_grant_as_an_error(users: dict[Role, User]) -> None:
    from django.contrib import admin as django_admin

    admin = users[Role.ADMIN]
    request = RequestFactory().get("/")
    request.user = admin
    model_admin = django_admin.site._registry[User]
    assert isinstance(model_admin, UserAdmin)
    form_class = model_admin.get_form(request, admin, change=True)
    form = form_class(
        data={"username": admin.username, "role": Role.PRIORITIES_LEAD, "rank": 1},
        instance=admin,
    )
    assert not form.is_valid()
    assert "another administrator" in " ".join(form.non_field_errors())


def test_token_issue_and_revoke_on_the_command_line_are_logged_with_the_os_user(
    users: dict[Role, User],
) -> None:
    from io import StringIO

    out = StringIO()
    call_command("token", "issue", users[Role.ANALYST].username, "bridge", stdout=out)
    raw = out.getvalue().strip()
    call_command("token", "revoke", raw[:8], stdout=StringIO())
    issued, revoked = entries("api_token")
    assert issued.detail["before"] is None
    assert issued.detail["after"]["scope"] == "read"
    assert issued.detail["os_user"]
    assert issued.channel == "cli"
    assert revoked.detail["before"] == {"revoked": False}
    assert revoked.detail["after"] == {"revoked": True}


def test_second_factor_devices_and_policies_are_logged(users: dict[Role, User]) -> None:
    device = TOTPDevice.objects.create(user=users[Role.AUDITOR], name="app", confirmed=False)
    device.confirmed = True
    device.save()
    device.delete()
    RoleSecurityPolicy.objects.create(role=Role.ANALYST, require_second_factor=True)
    kinds = [(e.record_type, e.detail["before"], e.detail["after"]) for e in privileged_changes()]
    assert ("totp_device", None, {"name": "app", "confirmed": False}) in kinds
    assert (
        "totp_device",
        {"name": "app", "confirmed": False},
        {"name": "app", "confirmed": True},
    ) in kinds
    assert any(k[0] == "totp_device" and k[2] is None for k in kinds)
    assert any(k[0] == "role_security_policy" for k in kinds)


def test_an_administrators_unlock_is_logged(users: dict[Role, User]) -> None:
    attempt = AccessAttempt.objects.create(
        username="ana", ip_address="10.0.0.9", user_agent="x", failures_since_start=5
    )
    with acting(users[Role.ADMIN], "admin"):
        attempt.delete()
    (entry,) = entries("lockout")
    assert entry.username == users[Role.ADMIN].username
    assert entry.detail["whom"] == "ana"
    assert entry.detail["before"]["ip_address"] == "10.0.0.9"


def test_the_otp_admin_hides_secrets() -> None:
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True


def test_auditors_see_the_privileged_changes_page(users: dict[Role, User]) -> None:
    with acting(users[Role.ADMIN], "admin"):
        users[Role.ANALYST].role = Role.OFFENDER_MANAGER
        users[Role.ANALYST].save()
    client = Client()
    client.force_login(users[Role.AUDITOR])
    page = client.get("/audit/privileged/")
    assert page.status_code == 200
    assert b"offender_manager" in page.content
    assert users[Role.ANALYST].username.encode() in page.content


def test_an_unlock_from_the_command_line_is_logged_but_a_sign_in_reset_is_not(
    make_user: Callable[..., User],
) -> None:
    from io import StringIO

    make_user(Role.ANALYST, username="ana")
    Client().post("/accounts/sign-in/", {"username": "ana", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="ana").exists()
    signed_in = Client().post(
        "/accounts/sign-in/", {"username": "ana", "password": "correct-horse-battery"}
    )
    assert signed_in.status_code == 302
    assert not AccessAttempt.objects.filter(username="ana").exists()  # reset on success
    assert entries("lockout") == []
    AccessAttempt.objects.create(
        username="ana", ip_address="10.0.0.9", user_agent="x", failures_since_start=5
    )
    call_command("axes_reset_username", "ana", stdout=StringIO())
    (entry,) = entries("lockout")
    assert entry.detail["whom"] == "ana"
    assert entry.detail["os_user"]
