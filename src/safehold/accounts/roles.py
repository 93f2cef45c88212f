"""Roles and what each may do: the single table every page and API operation checks.

The table follows DESIGN.md: least privilege is the default, so a role gets nothing
that is not written here. Views and API operations name a *capability*; never a role.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """The roles of DESIGN.md, one per user."""

    OFFENDER_MANAGER = "offender_manager"
    PRIORITIES_LEAD = "priorities_lead"
    SAFEGUARDING_OFFICER = "safeguarding_officer"
    RESOLUTION_INVESTIGATOR = "resolution_investigator"
    RESPONSE_SUPERVISOR = "response_supervisor"
    ANALYST = "analyst"
    AUDITOR = "auditor"
    ADMIN = "admin"
    CALL_HANDLER = "call_handler"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.OFFENDER_MANAGER: "Offender manager",
    Role.PRIORITIES_LEAD: "Priorities lead (DS/DI)",
    Role.SAFEGUARDING_OFFICER: "Safeguarding officer",
    Role.RESOLUTION_INVESTIGATOR: "Resolution centre investigator",
    Role.RESPONSE_SUPERVISOR: "Response supervisor",
    Role.ANALYST: "Analyst",
    Role.AUDITOR: "Auditor",
    Role.ADMIN: "Administrator",
    Role.CALL_HANDLER: "Control-room call handler",
}


class Capability(enum.StrEnum):
    """Something a user may do. Pages and API operations each require one."""

    # People (POLE): open and search person records; every look is logged.
    VIEW_PEOPLE = "view_people"
    # Offender register
    VIEW_OFFENDERS = "view_offenders"
    VIEW_ALL_OFFENDERS = "view_all_offenders"
    EDIT_OFFENDERS = "edit_offenders"
    VIEW_BACKLOG = "view_backlog"
    VIEW_BRIEFING = "view_briefing"
    ASSIGN_OFFENDERS = "assign_offenders"
    IMPORT_OFFENDERS = "import_offenders"
    # Visit planning
    PLAN_VISITS = "plan_visits"
    # Domestic-abuse safeguarding
    VIEW_SAFEGUARDING = "view_safeguarding"
    EDIT_SAFEGUARDING = "edit_safeguarding"
    LOG_INCIDENTS = "log_incidents"
    # Aggregates only, never names
    VIEW_AGGREGATES = "view_aggregates"
    # The access log
    VIEW_ACCESS_LOG = "view_access_log"
    # Users, roles and force configuration, no case data
    ADMINISTER = "administer"
    # Background jobs
    VIEW_JOBS = "view_jobs"
    # Simulation of demand against staffing (aggregates only)
    RUN_SIMULATION = "run_simulation"
    # Demand: call handling (THRIVE), dispatch, the resolution centre, response times
    TRIAGE_CALLS = "triage_calls"
    DISPATCH_UNITS = "dispatch_units"
    WORK_RESOLUTION_CASES = "work_resolution_cases"
    VIEW_APPOINTMENTS = "view_appointments"
    VIEW_RESPONSE_TIMES = "view_response_times"
    # Inspection: a reproducible dip-sample of case files with their audit trails. There is
    # no inspector role: the priorities lead and the auditor take inspectors through it.
    SAMPLE_CASES = "sample_cases"
    # People: merge a confirmed duplicate person into another, and undo it (the service
    # also wants a sergeant or above).
    MERGE_PEOPLE = "merge_people"
    # Links across units (issue 10): see that a DA incident and a register record name the
    # same person or household (both references and the reason, not the other's contents).
    VIEW_CROSS_UNIT_LINKS = "view_cross_unit_links"


_C = Capability
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.OFFENDER_MANAGER: frozenset(
        {_C.VIEW_PEOPLE, _C.VIEW_OFFENDERS, _C.EDIT_OFFENDERS, _C.VIEW_BACKLOG, _C.VIEW_JOBS}
    ),
    Role.PRIORITIES_LEAD: frozenset(
        {
            _C.VIEW_PEOPLE,
            _C.VIEW_OFFENDERS,
            _C.VIEW_ALL_OFFENDERS,
            _C.EDIT_OFFENDERS,
            _C.VIEW_BACKLOG,
            _C.VIEW_BRIEFING,
            _C.ASSIGN_OFFENDERS,
            _C.IMPORT_OFFENDERS,
            _C.PLAN_VISITS,
            _C.VIEW_JOBS,
        }
    ),
    Role.SAFEGUARDING_OFFICER: frozenset(
        {
            _C.VIEW_PEOPLE,
            _C.VIEW_SAFEGUARDING,
            _C.EDIT_SAFEGUARDING,
            _C.LOG_INCIDENTS,
            _C.VIEW_JOBS,
        }
    ),
    Role.RESOLUTION_INVESTIGATOR: frozenset({_C.LOG_INCIDENTS, _C.VIEW_JOBS}),
    Role.RESPONSE_SUPERVISOR: frozenset({_C.LOG_INCIDENTS, _C.VIEW_JOBS}),
    Role.ANALYST: frozenset({_C.VIEW_AGGREGATES, _C.VIEW_BACKLOG, _C.VIEW_JOBS}),
    Role.AUDITOR: frozenset({_C.VIEW_ACCESS_LOG}),
    Role.ADMIN: frozenset({_C.ADMINISTER, _C.VIEW_JOBS}),
    Role.CALL_HANDLER: frozenset({_C.TRIAGE_CALLS, _C.VIEW_APPOINTMENTS, _C.LOG_INCIDENTS}),
}
# Demand (issue 11): added here, not in the table above, to keep merges of that table easy.
CAPABILITIES[Role.RESOLUTION_INVESTIGATOR] |= {_C.WORK_RESOLUTION_CASES}
CAPABILITIES[Role.RESPONSE_SUPERVISOR] |= {
    _C.DISPATCH_UNITS,
    _C.VIEW_APPOINTMENTS,
    _C.VIEW_RESPONSE_TIMES,
}
CAPABILITIES[Role.ANALYST] |= {_C.VIEW_RESPONSE_TIMES}
# Simulation (issue 11): analysts run it; its figures are aggregates only.
CAPABILITIES[Role.ANALYST] |= {_C.RUN_SIMULATION}
# Outcomes and inspection (issue 12): the case-file sample, for supervisors and inspectors.
CAPABILITIES[Role.PRIORITIES_LEAD] |= {_C.SAMPLE_CASES}
CAPABILITIES[Role.AUDITOR] |= {_C.SAMPLE_CASES}
# Merging duplicate people (issue 9): the supervisors who work with people's records.
CAPABILITIES[Role.PRIORITIES_LEAD] |= {_C.MERGE_PEOPLE}
CAPABILITIES[Role.SAFEGUARDING_OFFICER] |= {_C.MERGE_PEOPLE}
# Cross-unit links (issue 10): the DA safeguarding unit and the register's leads (DS/DI)
# see both sides; an offender manager, who sees only a caseload, does not.
CAPABILITIES[Role.PRIORITIES_LEAD] |= {_C.VIEW_CROSS_UNIT_LINKS}
CAPABILITIES[Role.SAFEGUARDING_OFFICER] |= {_C.VIEW_CROSS_UNIT_LINKS}


def capabilities_of(role: str | None) -> frozenset[Capability]:
    """What a role may do; nothing for an unknown or missing role."""
    try:
        return CAPABILITIES[Role(role)] if role else frozenset()
    except ValueError:
        return frozenset()


class Rank(enum.IntEnum):
    """Police ranks (and staff), ordered so that a comparison reads as seniority."""

    STAFF = 0
    CONSTABLE = 1
    SERGEANT = 2
    INSPECTOR = 3
    CHIEF_INSPECTOR = 4
    SUPERINTENDENT = 5
    CHIEF_SUPERINTENDENT = 6

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").title()

    @property
    def is_supervisor(self) -> bool:
        """Sergeant and above sign off downgrades and no-further-action reviews."""
        return self >= Rank.SERGEANT
