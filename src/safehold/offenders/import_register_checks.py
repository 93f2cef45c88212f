"""Checks of a caseload file against the register as it stands (one query).

An import may not lower the attention an offender already on the register gets: a lower
risk level, a move to reactive management or a longer visit interval each needs a
detective sergeant's sign-off on the offender's record (``oversight.py``), so a row that
would make one is refused with what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from safehold.errors import RowError

from .models import Offender, Status
from .oversight import effective_interval
from .vocabulary import RiskLevel


def check_against_register(rows: Sequence[tuple[int, dict[str, Any]]]) -> list[RowError]:
    """Rows that would lower an existing offender's attention without a sign-off."""
    existing = {
        o.register_reference: o
        for o in Offender.objects.filter(
            register_reference__in=[v["register_reference"] for _, v in rows]
        )
    }
    errors: list[RowError] = []
    sign_off = "needs a detective sergeant's sign-off: propose it on the offender's record"
    for line, v in rows:
        o = existing.get(v["register_reference"])
        if o is None:
            continue
        if v["status"] == Status.REACTIVE and o.status != Status.REACTIVE:
            errors.append(
                RowError(
                    line,
                    "status",
                    f"moves {o.register_reference} to reactive management; {sign_off}",
                )
            )
        latest = o.last_risk_assessment_on or date.min
        if (
            v["risk_level"]
            and o.risk_level
            and v["risk_assessed_on"] is not None
            and v["risk_assessed_on"] >= latest
            and RiskLevel(v["risk_level"]).rank < RiskLevel(o.risk_level).rank
        ):
            errors.append(
                RowError(
                    line,
                    "risk_level",
                    f"lowers {o.register_reference} from {o.risk_level} to {v['risk_level']}; "
                    f"{sign_off}",
                )
            )
        new = v["interval_months_override"]
        before = effective_interval(o, o.interval_months_override)
        after = effective_interval(o, int(new) if new is not None else None)
        if after > before:
            errors.append(
                RowError(
                    line,
                    "interval_months_override",
                    f"lengthens {o.register_reference}'s visit interval from {before} to "
                    f"{after} months; {sign_off}",
                )
            )
    return errors
