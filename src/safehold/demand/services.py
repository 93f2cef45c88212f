"""Every write in the demand context, one function per action (re-exported here).

Each checks permission, runs in one transaction and writes its access-log record in it.
"""

from __future__ import annotations

from .appointments import book_appointment
from .dispatch import allocate, close_with_advice, dispatch, escalate, record_arrival, resolve
from .intake import CallInput, PersonInput, record_call
from .resolution import close_case, record_contact, reopen_case, send_letter
from .triage import ThriveInput, assess, decide_downgrade

__all__ = [
    "CallInput",
    "PersonInput",
    "ThriveInput",
    "allocate",
    "assess",
    "book_appointment",
    "close_case",
    "close_with_advice",
    "decide_downgrade",
    "dispatch",
    "escalate",
    "record_arrival",
    "record_call",
    "record_contact",
    "reopen_case",
    "resolve",
    "send_letter",
]
