"""Users with one role, teams and stations; API tokens; per-role second-factor rules."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models

from safehold.clock import SYSTEM_CLOCK

from .roles import Capability, Rank, Role, capabilities_of


class Station(models.Model):
    """A police station: base for officers and the depot for visit routes."""

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=100)
    town = models.CharField(max_length=60)
    district = models.CharField(max_length=60)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of officers and staff, based at a station."""

    name = models.CharField(max_length=100, unique=True)
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="teams")
    function = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of the force with exactly one role."""

    role = models.CharField(
        max_length=32, choices=[(r.value, r.label) for r in Role], blank=True, default=""
    )
    rank = models.PositiveSmallIntegerField(
        choices=[(r.value, r.label) for r in Rank], default=Rank.CONSTABLE
    )
    collar_number = models.CharField(max_length=12, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    station = models.ForeignKey(Station, null=True, blank=True, on_delete=models.SET_NULL)
    is_service_account = models.BooleanField(
        default=False,
        help_text="Another system, not a person: may hold API tokens whatever its role's "
        "second-factor rule.",
    )

    class Meta:
        ordering: ClassVar = ["last_name", "first_name"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin site is the administrator role's tool: its Django flags follow the role,
        # so no other role can reach it however the flags were set.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def capabilities(self) -> frozenset[Capability]:
        if not self.is_active:
            return frozenset()
        return capabilities_of(self.role)

    def can(self, capability: Capability) -> bool:
        """Whether this user's role grants ``capability``."""
        return capability in self.capabilities

    @property
    def rank_enum(self) -> Rank:
        return Rank(self.rank)

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else "No role"

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{Rank(self.rank).label} {name}" if self.rank else name


class RoleSecurityPolicy(models.Model):
    """Whether users of a role must sign in with a second factor (TOTP)."""

    role = models.CharField(max_length=32, unique=True, choices=[(r.value, r.label) for r in Role])
    require_second_factor = models.BooleanField(default=False)

    class Meta:
        verbose_name = "role security policy"
        verbose_name_plural = "role security policies"

    def __str__(self) -> str:
        needed = "required" if self.require_second_factor else "optional"
        return f"{Role(self.role).label}: second factor {needed}"


class TokenScope(models.TextChoices):
    READ = "read", "Read only (GET)"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    """A bearer token for another system. Only its SHA-256 is stored.

    Its owner never changes (``audit.account_changes`` refuses it); it has a scope, may be
    limited to named operations (``"GET /api/offenders*"``), and expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    operations = models.JSONField(
        default=list,
        blank=True,
        help_text='Operations allowed, e.g. ["GET /api/offenders*"]; empty for any in scope.',
    )
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(
        cls,
        user: User,
        name: str,
        *,
        scope: str = TokenScope.WRITE,
        operations: list[str] | None = None,
        days: int | None = None,
    ) -> tuple[ApiToken, str]:
        """Create a token and return it with the raw secret, which is shown once.

        It expires after ``days`` (default ``SAFEHOLD_TOKEN_DAYS``, 90).
        """
        from django.conf import settings

        raw = "sh_" + secrets.token_urlsafe(32)
        days = days if days is not None else int(getattr(settings, "SAFEHOLD_TOKEN_DAYS", 90))
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:8],
            digest=cls.digest_of(raw),
            scope=TokenScope(scope),
            operations=list(operations or []),
            expires_at=SYSTEM_CLOCK.now() + timedelta(days=days),
        )
        return token, raw
