"""The visit record's order checks: which terms of the orders in force the officers are
asked about, and writing their answers onto the visit (rules in ``visit_checks``).

Called by ``services.record_visit`` inside its transaction; the form reads
:func:`terms_in_force` to ask one question per term.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from safehold.errors import InvalidInput

from .models import Offender, OrderRequirement, Visit
from .order_rules import in_force
from .visit_checks import VisitCheckError, check_arms, check_compliance


def terms_in_force(offender: Offender | int, day: date) -> list[OrderRequirement]:
    """The terms of the offender's orders in force on ``day``, in order (one query)."""
    terms = (
        OrderRequirement.objects.filter(order__offender=offender)
        .select_related("order")
        .order_by("order__starts_on", "order_id", "position")
    )
    return [t for t in terms if in_force(t.order.starts_on, t.order.ends_on, day)]


def apply_order_checks(
    visit: Visit,
    offender: Offender,
    *,
    day: date,
    answers: Mapping[int, str],
    observations: Mapping[str, str],
    devices: str,
    photograph: bool,
) -> None:
    """Devices examined, compliance per term in force, ARMS observations and the
    photograph on the visit; a term not complied with is added to its concerns."""
    terms = {t.pk: t for t in terms_in_force(offender, day)}
    try:
        visit.compliance = check_compliance(answers, terms)
        visit.arms_observations = check_arms(observations)
    except VisitCheckError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    visit.devices_examined = devices.strip()[:2000]
    visit.photograph_taken = photograph
    broken = [terms[int(k)].label for k, v in visit.compliance.items() if v == "not_complied"]
    if broken:
        visit.concerns = "; ".join(
            p
            for p in (visit.concerns, *(f"Order term not complied with: {b}" for b in broken))
            if p
        )
