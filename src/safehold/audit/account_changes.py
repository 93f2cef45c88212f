"""Every privileged change is written to the access log, in one place (issue 13, finding 4).

A change of a user's role, team, station or active flag; an API token issued, changed or
revoked; a second-factor device added, confirmed or removed; a role's security policy;
a lockout lifted. Whatever made it — the admin site, a command, a shell — the model
signals below record an *alteration* naming who (the acting user, or the operating-system
user of a command), whom, and the values before and after. The auditors' page
``/audit/privileged/`` lists them.

Who acts is set per request by :class:`ActorMiddleware` and per command by
:func:`acting`; a change with neither is recorded as the system's.
"""

from __future__ import annotations

import contextvars
import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

from safehold.accounts.models import ApiToken, RoleSecurityPolicy, User
from safehold.accounts.security import CASE_CAPABILITIES_NOTE, grants_case_access
from safehold.errors import Forbidden

from .channel import request_channel, using_channel
from .log import Justification, record
from .models import Operation
from .privileged import PRIVILEGED_TYPES

WATCHED: dict[type[Model], tuple[str, ...]] = {
    User: ("role", "team_id", "station_id", "is_active", "is_service_account"),
    ApiToken: ("user_id", "name", "scope", "operations", "expires_at", "revoked"),
    RoleSecurityPolicy: ("role", "require_second_factor"),
}


@dataclass(frozen=True, slots=True)
class Actor:
    user: User | None
    channel: str
    os_user: str = ""


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("actor", default=None)


def os_user() -> str:
    """The operating-system account running this process (for command-line entries)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@contextmanager
def acting(user: User | None, channel: str = "cli") -> Iterator[None]:
    """Attribute changes made inside to ``user`` (and, on the command line, the OS user)."""
    token = _actor.set(Actor(user, channel, os_user() if channel == "cli" else ""))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get() or Actor(None, "system", os_user())


class ActorMiddleware:
    """Make the signed-in user the actor of any privileged change this request makes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if isinstance(user, User) else None
        channel = "admin" if request.path.startswith("/admin/") else "page"
        token = _actor.set(Actor(actor, channel))
        try:
            with using_channel(request_channel(request.path_info)):
                return self.get_response(request)
        finally:
            _actor.reset(token)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _values(instance: Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: _plain(getattr(instance, n, None)) for n in names}


def log_change(
    record_type: str,
    record_id: object,
    whom: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    person_user: User | None = None,
) -> None:
    """One alteration entry: who, whom, before and after."""
    actor = current_actor()
    detail: dict[str, Any] = {"whom": whom, "before": before, "after": after, "privileged": True}
    if actor.os_user:
        detail["os_user"] = actor.os_user
    record(
        actor.user,
        Operation.ALTERATION,
        record_type,
        record_id,
        justification=Justification("record_keeping", f"privileged change: {record_type}"),
        channel=actor.channel,
        detail=detail,
    )


def refuse_self_grant(actor: User | None, target: User, before_role: str, after_role: str) -> None:
    """A change that grants case access to the one making it is refused."""
    if (
        actor is not None
        and actor.pk == target.pk
        and before_role != after_role
        and grants_case_access(before_role, after_role)
    ):
        raise Forbidden(
            f"You cannot give yourself a role that sees case data; {CASE_CAPABILITIES_NOTE}",
            code="self_grant",
            field="role",
        )


def _before(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    names = WATCHED[sender]
    old: Any = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._privileged_before = _values(old, names) if old is not None else None
    if sender is ApiToken and old is not None and old.user_id != instance.user_id:
        raise Forbidden("A token cannot change owner; revoke it and issue a new one", field="user")
    if sender is User and old is not None:
        refuse_self_grant(current_actor().user, instance, old.role, instance.role)


def _after(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_privileged_before", None)
    after = _values(instance, WATCHED[sender])
    if before == after:
        return
    if not created and before is not None:
        changed = {k for k in after if before.get(k) != after[k]}
        before = {k: before[k] for k in changed}
        after = {k: after[k] for k in changed}
    record_type, whom = _describe(instance)
    log_change(record_type, instance.pk, whom, None if created else before, after)


def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    record_type, whom = _describe(instance)
    actor = current_actor()
    if record_type == "lockout" and actor.user is None and actor.channel in {"page", "admin"}:
        return  # django-axes clearing failures on a successful sign-in, not an unlock
    log_change(record_type, instance.pk, whom, _snapshot(instance), None)


def _describe(instance: Model) -> tuple[str, str]:
    """The entry's record type (one of PRIVILEGED_TYPES) and whose account it is."""
    if isinstance(instance, User):
        return "user", instance.username
    if isinstance(instance, ApiToken):
        return "api_token", instance.user.username
    if isinstance(instance, RoleSecurityPolicy):
        return "role_security_policy", instance.role
    user = getattr(instance, "user", None)
    name = getattr(instance, "username", "") or (user.username if user is not None else "")
    kind = "lockout" if type(instance).__name__ == "AccessAttempt" else "totp_device"
    assert kind in PRIVILEGED_TYPES
    return kind, name


def _snapshot(instance: Model) -> dict[str, Any]:
    names = WATCHED.get(type(instance)) or tuple(
        f.attname
        for f in instance._meta.concrete_fields
        if f.attname in {"name", "confirmed", "ip_address", "username", "failures_since_start"}
    )
    return _values(instance, names)


def _device_saved(sender: type[Model], instance: Any, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_privileged_before", None)
    after = {"name": instance.name, "confirmed": instance.confirmed}
    if before != after:
        log_change("totp_device", instance.pk, instance.user.username, before, after)


def _device_before(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    old: Any = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._privileged_before = (
        {"name": old.name, "confirmed": old.confirmed} if old is not None else None
    )


def connect() -> None:
    """Connect the signals (from AuditConfig.ready)."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in WATCHED:
        pre_save.connect(_before, sender=model, dispatch_uid=f"privileged-pre-{model.__name__}")
        post_save.connect(_after, sender=model, dispatch_uid=f"privileged-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"privileged-del-{model.__name__}")
    pre_save.connect(_device_before, sender=TOTPDevice, dispatch_uid="privileged-pre-totp")
    post_save.connect(_device_saved, sender=TOTPDevice, dispatch_uid="privileged-totp")
    post_delete.connect(_deleted, sender=TOTPDevice, dispatch_uid="privileged-del-totp")
    # An administrator lifting a lockout (deleting the attempt record) is logged.
    post_delete.connect(_deleted, sender=AccessAttempt, dispatch_uid="privileged-del-axes")
