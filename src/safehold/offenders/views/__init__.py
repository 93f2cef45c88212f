"""Pages of the register, one module per subject: the list and export, the record, the
recording forms, quick actions, the unit's backlog and briefing, and the import."""

from .actions import assign, close_review, pursue, set_interval, sign_off
from .imports import import_page, import_template
from .listing import offender_export, offender_list_page
from .record import offender_detail
from .recording import (
    change_status,
    record_assessment,
    record_breach,
    record_intelligence,
    record_notification,
    record_visit,
    schedule_visit,
)
from .unit import backlog, backlog_chart, briefing

__all__ = [
    "assign",
    "backlog",
    "backlog_chart",
    "briefing",
    "change_status",
    "close_review",
    "import_page",
    "import_template",
    "offender_detail",
    "offender_export",
    "offender_list_page",
    "pursue",
    "record_assessment",
    "record_breach",
    "record_intelligence",
    "record_notification",
    "record_visit",
    "schedule_visit",
    "set_interval",
    "sign_off",
]
