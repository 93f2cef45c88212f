"""Forms for orders and the visit record's order checks, in GOV.UK style: an order with
its terms, the breach form's order and result, officer-safety markers, the photograph
upload, the visit form's questions per term in force, and the supervisor's review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from safehold.forms import ClockedForm, GovukDateInput, GovukForm

from .forms import DATE_ERRORS, BreachForm, VisitForm
from .models import (
    BreachResult,
    Order,
    OrderKind,
    OrderRequirement,
    RequirementKind,
    SafetyMarkerKind,
    TravelDecision,
    VisitReviewOutcome,
)
from .order_terms import TOPICS, TermsError, parse_terms
from .orders import OrderInput, TermInput, label
from .visit_checks import ARMS_FACTORS, COMPLIANCE, needs_devices
from .visit_orders import terms_in_force

TERMS_HELP = (
    "One a line, starting with its topic ("
    + ", ".join(TOPICS)
    + "). A travel term names its countries in brackets, for example "
    "'travel (Thailand, Cambodia): not to travel to ...'; without brackets it covers "
    "all foreign travel"
)


class OrderForm(ClockedForm):
    """An order (SHPO, SRO, notification order, licence) and its terms."""

    kind = forms.ChoiceField(
        label="Kind of order",
        choices=OrderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of order"},
    )
    starts_on = forms.DateField(label="Starts", widget=GovukDateInput(), error_messages=DATE_ERRORS)
    ends_on = forms.DateField(
        label="Ends",
        required=False,
        help_text="Leave empty for an order until further order",
        widget=GovukDateInput(),
        error_messages=DATE_ERRORS,
    )
    made_by = forms.CharField(label="Made by (court or authority)", required=False, max_length=120)
    reference = forms.CharField(label="Reference", required=False, max_length=60)
    prohibitions = forms.CharField(
        label="Prohibitions (must not)",
        required=False,
        help_text=TERMS_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    positive = forms.CharField(
        label="Positive requirements (must)",
        required=False,
        help_text="One a line, as above",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        terms: list[TermInput] = []
        for name, kind in (
            ("prohibitions", RequirementKind.PROHIBITION),
            ("positive", RequirementKind.POSITIVE),
        ):
            try:
                lines = parse_terms(data.get(name) or "")
            except TermsError as exc:
                self.add_error(name, str(exc))
                continue
            terms += [TermInput(kind, t.topic, t.text, t.countries) for t in lines]
        if not terms and not self.errors:
            self.add_error("prohibitions", "Give the order's prohibitions or positive requirements")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The order cannot end before it starts")
        data["order"] = OrderInput(
            kind=data.get("kind") or "",
            starts_on=data.get("starts_on") or self.clock.today(),
            ends_on=data.get("ends_on"),
            made_by=data.get("made_by") or "",
            reference=data.get("reference") or "",
            terms=tuple(terms),
        )
        return data


def breach_form_for(offender_id: int) -> type[BreachForm]:
    """The breach form with the offender's orders and their terms to choose from."""
    choices: list[tuple[str, Any]] = [("", "The notification requirements (no order)")]
    orders = Order.objects.filter(offender_id=offender_id).prefetch_related("terms")
    for o in orders:
        name = label(o)
        choices.append(
            (
                name,
                [(f"o{o.pk}", f"{name}: the order as a whole")]
                + [(f"t{t.pk}", f"{name}: {t.label}") for t in o.terms.all()],
            )
        )
    attrs = {
        "broken": forms.ChoiceField(
            label="Which order or term was broken?", choices=choices, required=False
        ),
        "crime_reference": forms.CharField(label="Crime reference", required=False, max_length=40),
        "result": forms.ChoiceField(
            label="Result",
            choices=[("", "Not known yet"), *BreachResult.choices],
            required=False,
        ),
    }
    return type("BreachOrderForm", (BreachForm,), attrs)


def broken_ids(value: str) -> dict[str, int | None]:
    """``order_id`` and ``requirement_id`` from the breach form's choice ("o12" / "t34")."""
    if value[:1] == "o" and value[1:].isdigit():
        return {"order_id": int(value[1:]), "requirement_id": None}
    if value[:1] == "t" and value[1:].isdigit():
        return {"order_id": None, "requirement_id": int(value[1:])}
    return {"order_id": None, "requirement_id": None}


def visit_form_for(offender_id: int, day: date) -> tuple[type[VisitForm], list[OrderRequirement]]:
    """The visit form with one compliance question per term in force, the devices
    question (prompted when a term is about devices), ARMS observations and the photograph."""
    terms = terms_in_force(offender_id, day)
    devices = needs_devices({t.topic for t in terms})
    attrs: dict[str, Any] = {
        f"term_{t.pk}": forms.ChoiceField(
            label=f"{label(t.order)} · {t.label}",
            choices=list(COMPLIANCE.items()),
            initial="not_checked",
            widget=forms.RadioSelect,
            required=False,
        )
        for t in terms
    }
    attrs["devices_examined"] = forms.CharField(
        label="Devices examined" + (" (an order in force restricts devices)" if devices else ""),
        required=False,
        max_length=2000,
        help_text="Each device, what was examined and what was found"
        if devices
        else "Only if devices were examined",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    for key, name, kind in ARMS_FACTORS:
        attrs[f"arms_{key}"] = forms.CharField(
            label=f"ARMS {kind} factor: {name}",
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 1}),
        )
    attrs["photograph_taken"] = forms.BooleanField(
        label="A photograph of the offender was taken", required=False
    )
    return type("VisitOrderForm", (VisitForm,), attrs), terms


def visit_extras(data: dict[str, Any]) -> dict[str, Any]:
    """The visit service's order-check inputs from the form's cleaned data."""
    return {
        "compliance": {int(k[5:]): v for k, v in data.items() if k.startswith("term_") and v},
        "arms_observations": {k[5:]: v for k, v in data.items() if k.startswith("arms_") and v},
        "devices_examined": data.get("devices_examined") or "",
        "photograph_taken": bool(data.get("photograph_taken")),
    }


class SafetyMarkerForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of marker",
        choices=SafetyMarkerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of marker"},
    )
    note = forms.CharField(
        label="What officers need to know",
        max_length=300,
        error_messages={"required": "Say what officers need to know"},
    )


class PhotoForm(GovukForm):
    photo = forms.FileField(
        label="Photograph",
        help_text="A PNG or JPEG image, at most 2 MB",
        error_messages={"required": "Choose a photograph to upload"},
    )
    taken_on = forms.DateField(
        label="Taken on", widget=GovukDateInput(), error_messages=DATE_ERRORS
    )


class VisitReviewForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome", choices=VisitReviewOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="What was decided and why", max_length=500)


class TravelDecisionForm(GovukForm):
    """The DS's decision on a flagged trip abroad."""

    notification = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Decision",
        choices=TravelDecision.choices,
        error_messages={"required": "Choose no action, further enquiry or breach suspected"},
    )
    note = forms.CharField(label="Note", max_length=500, error_messages={"required": "Say why"})
