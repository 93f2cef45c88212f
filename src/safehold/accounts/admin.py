"""The admin: users, roles, teams, stations and force configuration — never case data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .models import ApiToken, RoleSecurityPolicy, Station, Team, User
from .roles import Capability
from .security import CASE_CAPABILITIES_NOTE, grants_case_access


def _administrators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.can(Capability.ADMINISTER))


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "rank", "station", "is_active")
    list_filter = ("role", "rank", "station", "is_active", "is_service_account")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (
            "Force",
            {"fields": ("role", "rank", "collar_number", "team", "station", "is_service_account")},
        ),
    )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """Refuse, as a form error, a change that grants case access to oneself."""
        form = super().get_form(request, obj, change=change, **kwargs)
        acting = request.user

        class SelfGrantRefused(form):  # type: ignore[misc,valid-type]
            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                if obj is not None and obj.pk == acting.pk:
                    before, after = obj.role, cleaned.get("role", obj.role)
                    if before != after and grants_case_access(before, after):
                        raise ValidationError(
                            "You cannot give yourself a role that sees case data; "
                            + CASE_CAPABILITIES_NOTE
                        )
                return cleaned

        return SelfGrantRefused


@admin.register(Station)
class StationAdmin(admin.ModelAdmin[Station]):
    list_display = ("code", "name", "town", "district", "lat", "lon")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "station", "function")


@admin.register(RoleSecurityPolicy)
class RoleSecurityPolicyAdmin(admin.ModelAdmin[RoleSecurityPolicy]):
    list_display = ("role", "require_second_factor")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
    fields = (
        "user",
        "name",
        "scope",
        "operations",
        "prefix",
        "digest",
        "expires_at",
        "revoked",
        "created_at",
        "last_used_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued with `safehold token issue`, which shows the secret once

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A token never changes owner: revoke it and issue another.
        return (*self.readonly_fields, "user", "scope", "operations")
