"""Breaches in the synthetic force that match the orders the offenders actually have.

The offenders seeder writes breaches before the orders have their kinds and terms, some
worded as breaches of an order ("Breach of SHPO: …", "Undeclared internet-enabled
device"). Once the orders are settled this pass makes each such breach belong to an order
the offender has in force on the day of the breach — linked to the order and to the term
it breaks (the term on the breach's subject where the order has one), worded after them —
and words the rest as the breaches of the notification requirements they then are (s91,
no order). Offender, dates and action stay as they were, so the procedures seeded from
them (reactive management, whereabouts unknown) keep their figures.
"""

from __future__ import annotations

from datetime import date

from safehold.offenders.models import Breach, OrderRequirement
from safehold.offenders.order_rules import in_force
from safehold.offenders.orders import label

# Wordings of the offenders seeder that name an order, with the subject they are about.
ORDER_WORDINGS = {
    "Breach of SHPO: unsupervised contact with a child": "children",
    "Undeclared internet-enabled device": "devices",
}
# What such a breach becomes when the offender had no order in force that day: the
# notification requirements (Sexual Offences Act 2003 Part 2, s91), on the same subject.
NOTIFICATION_WORDINGS = {
    "children": "Failed to notify staying at a household with a child under 18 (s91)",
    "devices": "Failed to notify a change of details — a new phone contract and bank card (s91)",
}


def _term_for(terms: list[OrderRequirement], topic: str, on: date) -> OrderRequirement | None:
    """The term the breach breaks: in force on the day, on its subject if the order has
    one, else the order's first prohibition, else its first term."""
    live = [t for t in terms if in_force(t.order.starts_on, t.order.ends_on, on)]
    for pick in (
        lambda t: t.topic == topic,
        lambda t: t.kind == "prohibition",
        lambda t: True,
    ):
        found = [t for t in live if pick(t)]
        if found:
            return found[0]
    return None


def match_breaches_to_orders(
    breaches: list[Breach], terms_of: dict[int, list[OrderRequirement]]
) -> None:
    """Link or reword, in place, each breach the offenders seeder worded as an order's."""
    for b in breaches:
        topic = ORDER_WORDINGS.get(b.what)
        if topic is None:
            continue
        term = _term_for(terms_of.get(b.offender_id, []), topic, b.occurred_on)
        if term is None:
            b.what, b.order_id, b.requirement_id = NOTIFICATION_WORDINGS[topic], None, None
            continue
        b.order_id, b.requirement_id = term.order_id, term.pk
        b.what = f"Breach of the {label(term.order)}: {term.text}"[:200]
