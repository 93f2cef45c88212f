"""Every write to the register, in one place: each is one function that checks permission,
validates, writes in one transaction, keeps the offender's summary dates in step and logs
the operation in the access log inside that same transaction.

Views, the API, the CLI, the importer and planning call these; nothing else saves case
data. Each lives in the module of its subject and is listed here:

``visits.py``            record a visit; put a planned visit on the record
``planned.py``           planned visits for planning: place, move, cancel
``assessments.py``       risk assessments (the latest sets the risk level)
``managing.py``          the manager, pursuit, the visit interval, the status
``notifying.py``         notifications and the DS's s91 decisions
``breaches.py``          breaches and the action taken
``oversight.py``         sign-offs, management reviews, intelligence
``whereabouts.py``       the whereabouts-unknown procedure and ``wanted``
``briefing_actions.py``  the daily meeting's actions

Each takes ``clock=`` (``safehold.clock``; the system's time by default).
"""

from __future__ import annotations

from .assessments import AssessmentInput, record_risk_assessment
from .breaches import BreachInput, record_breach
from .briefing_actions import BriefingActionInput, close_briefing_action, record_briefing_action
from .managing import assign_manager, change_status, mark_pursued, set_visit_interval
from .notifying import NotificationInput, decide_s91, record_notification
from .oversight import IntelligenceInput, close_review, record_intelligence, sign_off_change
from .planned import (
    CancelledVisit,
    PlannedStop,
    cancel_plan_visits,
    cancel_planned_visit,
    check_planned_slot,
    move_planned_visit,
    place_planned_visits,
)
from .visits import VisitInput, record_visit, schedule_visit
from .whereabouts import clear_procedure, clear_wanted, open_procedure, record_step
from .writes import RECORDING, can_edit

__all__ = [
    "RECORDING",
    "AssessmentInput",
    "BreachInput",
    "BriefingActionInput",
    "CancelledVisit",
    "IntelligenceInput",
    "NotificationInput",
    "PlannedStop",
    "VisitInput",
    "assign_manager",
    "can_edit",
    "cancel_plan_visits",
    "cancel_planned_visit",
    "change_status",
    "check_planned_slot",
    "clear_procedure",
    "clear_wanted",
    "close_briefing_action",
    "close_review",
    "decide_s91",
    "mark_pursued",
    "move_planned_visit",
    "open_procedure",
    "place_planned_visits",
    "record_breach",
    "record_briefing_action",
    "record_intelligence",
    "record_notification",
    "record_risk_assessment",
    "record_step",
    "record_visit",
    "schedule_visit",
    "set_visit_interval",
    "sign_off_change",
]
