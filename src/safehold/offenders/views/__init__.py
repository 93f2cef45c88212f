"""Pages of the register, one module per subject: the list and export, the record, the
recording forms, quick actions, the unit's backlog and briefing, and the import."""

from .actions import (
    assign,
    clear_wanted,
    close_review,
    decide_s91,
    pursue,
    set_interval,
    sign_off,
    whereabouts_clear,
    whereabouts_step,
)
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
from .today import today
from .unit import backlog, backlog_chart, briefing, briefing_actions

__all__ = [
    "assign",
    "backlog",
    "backlog_chart",
    "briefing",
    "briefing_actions",
    "change_status",
    "clear_wanted",
    "close_review",
    "decide_s91",
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
    "today",
    "whereabouts_clear",
    "whereabouts_step",
]
