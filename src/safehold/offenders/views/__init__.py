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
from .meeting import close_briefing_action, record_briefing_action
from .orders import (
    add_marker,
    decide_travel,
    photo,
    record_order,
    remove_marker,
    review,
    upload_photo,
    visit_reviews,
)
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
from .risk import (
    edit_case,
    override_overall,
    record_arms,
    record_meeting,
    record_plan,
    record_rosh,
    record_static,
    set_mappa,
)
from .today import today
from .unit import backlog, backlog_chart, briefing, briefing_line_tools, briefing_section

__all__ = [
    "add_marker",
    "assign",
    "backlog",
    "backlog_chart",
    "briefing",
    "briefing_line_tools",
    "briefing_section",
    "change_status",
    "clear_wanted",
    "close_briefing_action",
    "close_review",
    "decide_s91",
    "decide_travel",
    "edit_case",
    "import_page",
    "import_template",
    "offender_detail",
    "offender_export",
    "offender_list_page",
    "override_overall",
    "photo",
    "pursue",
    "record_arms",
    "record_assessment",
    "record_breach",
    "record_briefing_action",
    "record_intelligence",
    "record_meeting",
    "record_notification",
    "record_order",
    "record_plan",
    "record_rosh",
    "record_static",
    "record_visit",
    "remove_marker",
    "review",
    "schedule_visit",
    "set_interval",
    "set_mappa",
    "sign_off",
    "today",
    "upload_photo",
    "visit_reviews",
    "whereabouts_clear",
    "whereabouts_step",
]
