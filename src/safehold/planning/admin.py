"""Officer pairs and their duty are force configuration, kept in the admin site.

Plan runs are case data (they hold offenders' addresses) and stay out of the admin.
"""

from __future__ import annotations

from django.contrib import admin

from .models import DutyShift, OfficerPair


class DutyInline(admin.TabularInline[DutyShift, OfficerPair]):
    model = DutyShift
    extra = 0


@admin.register(OfficerPair)
class OfficerPairAdmin(admin.ModelAdmin[OfficerPair]):
    list_display = ("name", "station", "officer_1", "officer_2", "evening_weekdays", "active")
    list_filter = ("active", "station")
    inlines = (DutyInline,)


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin[DutyShift]):
    list_display = ("pair", "on", "starts", "ends")
    list_filter = ("pair",)
    date_hierarchy = "on"
