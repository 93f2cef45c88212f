"""Actions agreed at the priorities team's daily meeting, each against a briefing line.

A line is an offender and the reason they are on the briefing (its section). The action
says what was agreed (assign, pursue, schedule a visit), to whom, by when, who agreed it
and when; it stays on that line each day until someone closes it with its result.

Imported by ``models.py``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from safehold.core_models import TrackedModel


class MeetingActionKind(models.TextChoices):
    ASSIGN = "assign", "Assign to an officer or team"
    PURSUE = "pursue", "Pursue"
    VISIT = "visit", "Schedule a visit"


class MeetingActionState(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CLOSED = "closed", "Closed without doing it"


class BriefingAction(TrackedModel):
    """What the meeting agreed to do about one briefing line, and how it ended."""

    offender = models.ForeignKey(
        "offenders.Offender", on_delete=models.CASCADE, related_name="briefing_actions"
    )
    section = models.CharField(max_length=24, help_text="The briefing section: the reason")
    kind = models.CharField(max_length=8, choices=MeetingActionKind.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    meeting_on = models.DateField(help_text="The briefing's date")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField()
    state = models.CharField(
        max_length=8, choices=MeetingActionState.choices, default=MeetingActionState.OPEN
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["due_on", "agreed_at", "id"]
        indexes: ClassVar = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.due_on} ({self.get_state_display()})"

    @property
    def owner(self) -> str:
        """Who the action is for: the officer, the team, or nobody named."""
        if self.officer is not None:
            return self.officer.display_name
        if self.team is not None:
            return self.team.name
        return "The priorities team"
