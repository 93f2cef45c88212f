"""Justified looks from the command line (issue 13, finding 7).

Commands that show personal data (the safeguarding queue, the briefing, the retention
review, the access-log export) take ``--reason`` from the same list as the pages' form
and need ``--text`` where the form does ("other" needs an explanation), and every entry
names the operating-system user who ran the command: a look from the command line was
once logged as "system" with any reason string at all.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError

from .access import JustificationError, validate
from .account_changes import os_user
from .log import Justification, record
from .models import AccessLogEntry, Operation, Reason


def add_justification_arguments(
    parser: argparse.ArgumentParser, *, reason: str, text: str = ""
) -> None:
    """``--reason`` (one of the form's codes) and ``--text``, with defaults for the command."""
    parser.add_argument(
        "--reason",
        default=reason,
        choices=list(Reason.values),
        help=f"Why (default {reason}): one of the reasons the pages offer.",
    )
    parser.add_argument(
        "--text",
        default=text,
        help="Explanation; required (10 characters or more) with --reason other.",
    )


def cli_justification(options: dict[str, Any]) -> Justification:
    """The command's justification, checked by the same rules as the pages' form."""
    try:
        return validate(options["reason"], options["text"])
    except JustificationError as exc:
        raise CommandError(f"--{exc.field}: {exc}", returncode=6) from None


def record_cli_look(
    operation: Operation | str,
    record_type: str,
    record_id: object = "",
    *,
    justification: Justification,
    person_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Log a look from the command line, naming the operating-system user."""
    who = os_user()
    return record(
        None,
        operation,
        record_type,
        record_id,
        person_id=person_id,
        justification=justification,
        recipient=f"cli:{who}",
        channel="cli",
        detail={**(detail or {}), "os_user": who},
    )
