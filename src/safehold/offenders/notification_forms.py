"""The structured notification form: the kind, and for a change what changed and when."""

from __future__ import annotations

from typing import Any

from django import forms

from safehold.accounts.models import Station
from safehold.forms import ClockedForm, GovukDateInput

from .models import NotificationKind
from .notification_rules import Subject

DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-11-27", "required": "Enter a date"}


class NotificationForm(ClockedForm):
    kind = forms.ChoiceField(
        label="Kind of notification",
        choices=NotificationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of notification"},
    )
    notified_on = forms.DateField(
        label="Date notified", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )
    station = forms.ModelChoiceField(
        label="Police station", required=False, queryset=Station.objects.all(), empty_label="Select"
    )
    details = forms.CharField(
        label="Details notified", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    travel_destination = forms.CharField(
        label="Destination (foreign travel)", required=False, max_length=120
    )
    travel_departs_on = forms.DateField(
        label="Departure date (foreign travel)",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    travel_returns_on = forms.DateField(
        label="Return date (foreign travel)",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    subject = forms.ChoiceField(
        label="What changed (change of details)",
        required=False,
        choices=[("", "Select")] + [(s.value, s.label) for s in Subject],
    )
    changed_on = forms.DateField(
        label="Date of the change (the move, the new vehicle; the first day of a stay)",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    value = forms.CharField(
        label="The new detail (bank or card, passport or ID, vehicle, contact, the child)",
        required=False,
        max_length=300,
    )
    new_given_name = forms.CharField(label="New given name", required=False, max_length=80)
    new_family_name = forms.CharField(label="New family name", required=False, max_length=80)
    address_line1 = forms.CharField(label="Address: first line", required=False, max_length=120)
    address_town = forms.CharField(label="Address: town", required=False, max_length=60)
    address_postcode = forms.CharField(label="Address: postcode", required=False, max_length=10)
    address_lat = forms.FloatField(
        label="Latitude (if the postcode is new to the register)", required=False
    )
    address_lon = forms.FloatField(label="Longitude", required=False)
    stay_to = forms.DateField(
        label="Last day of the stay (another address)",
        required=False,
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    excuse = forms.CharField(
        label="Reason given for late or short notice",
        required=False,
        max_length=300,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("notified_on") and data["notified_on"] > self.clock.today():
            self.add_error("notified_on", "The notification date must be today or in the past")
        if data.get("kind") == NotificationKind.FOREIGN_TRAVEL:
            if not data.get("travel_destination"):
                self.add_error("travel_destination", "Enter the destination")
            if not data.get("travel_departs_on"):
                self.add_error("travel_departs_on", "Enter the date of departure")
        change = data.get("kind") == NotificationKind.CHANGE and data.get("subject")
        if change and not data.get("changed_on"):
            self.add_error("changed_on", "Enter the date of the change")
        departs, returns = data.get("travel_departs_on"), data.get("travel_returns_on")
        if departs and returns and returns < departs:
            self.add_error("travel_returns_on", "The return date must be on or after departure")
        return data
