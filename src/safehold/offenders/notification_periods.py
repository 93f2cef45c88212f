"""How long the notification requirements last (SOA 2003 s82) and when an indefinite
requirement can first be reviewed (s91A-91F): pure functions over a TOML table.

``period_for(sentence, table)`` gives a :class:`Period` with the reasons it was chosen;
``ends_on`` the last day of a finite period; ``indefinite_review_on`` the first review
date. No Django: the register's services call these and store the results.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Final

from safehold.datetext import long_date

from .dates import add_months

DEFAULT_FILE: Final = Path(__file__).with_name("config") / "notification-periods.toml"

#: The disposals the table knows, with their labels.
SENTENCES: Final = (
    ("life", "Imprisonment for life"),
    ("custody", "Imprisonment for a term"),
    ("restricted_hospital_order", "Hospital order with a restriction order"),
    ("hospital_order", "Hospital order without a restriction order"),
    ("caution", "Caution"),
    ("conditional_discharge", "Conditional discharge"),
    ("other", "Other disposal (community order, fine ...)"),
)
_SENTENCE_KEYS: Final = frozenset(k for k, _ in SENTENCES)


class NotificationTableError(ValueError):
    """The notification-period table is wrong; the message names the row and key."""

    code = "invalid_notification_table"


@dataclass(frozen=True, slots=True)
class Row:
    sentence: str
    period: int | str  # years, "indefinite" or "discharge"
    text: str
    min_months: int = 0
    max_months: int | None = None
    halved: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    version: str
    source: str
    juvenile_below_age: int
    rows: tuple[Row, ...]
    review_adult_years: int
    review_juvenile_years: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the court gave for the index offence, and the offender's age then."""

    kind: str
    age_at_conviction: int
    months: int | None = None  # custody length
    discharge_months: int | None = None  # conditional discharge length


@dataclass(frozen=True, slots=True)
class Period:
    """A notification period: indefinite, or a number of months; with its reasons."""

    indefinite: bool
    months: int | None
    reasons: tuple[str, ...]
    version: str

    @property
    def label(self) -> str:
        if self.indefinite:
            return "Indefinite"
        months = self.months or 0
        if months <= 12 or months % 12:
            years, rest = divmod(months, 12)
            return f"{years} years {rest} months" if months > 12 else f"{months} months"
        return f"{months // 12} years"

    def sort_key(self) -> tuple[int, int]:
        """Longer periods sort later; indefinite after every finite one."""
        return (1, 0) if self.indefinite else (0, self.months or 0)


def _int(value: object, where: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise NotificationTableError(f"{where} must be a whole number of at least {minimum}")
    return value


def _row(raw: Any, n: int) -> Row:
    where = f"row {n}"
    if not isinstance(raw, dict):
        raise NotificationTableError(f"{where} must be a table")
    sentence = raw.get("sentence")
    if sentence not in _SENTENCE_KEYS:
        raise NotificationTableError(
            f"{where}.sentence must be one of {', '.join(sorted(_SENTENCE_KEYS))}"
        )
    period = raw.get("period")
    if period not in ("indefinite", "discharge"):
        period = _int(period, f"{where}.period (years, 'indefinite' or 'discharge')", minimum=1)
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise NotificationTableError(f"{where}.text must say what the row covers")
    unknown = set(raw) - {"sentence", "period", "text", "min_months", "max_months", "halved"}
    if unknown:
        raise NotificationTableError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
    low = _int(raw.get("min_months", 0), f"{where}.min_months")
    high = raw.get("max_months")
    if high is not None and _int(high, f"{where}.max_months") < low:
        raise NotificationTableError(f"{where}.max_months is below min_months")
    halved = raw.get("halved", False)
    if not isinstance(halved, bool):
        raise NotificationTableError(f"{where}.halved must be true or false")
    return Row(sentence, period, text.strip(), low, high, halved)


def parse_table(text: str) -> Table:
    """The table from TOML text; :class:`NotificationTableError` names what to fix."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NotificationTableError(f"not valid TOML: {exc}") from None
    for key in ("version", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise NotificationTableError(f"{key} must be given")
    rows = raw.get("row")
    if not isinstance(rows, list) or not rows:
        raise NotificationTableError("give at least one [[row]]")
    review = raw.get("indefinite_review")
    if not isinstance(review, dict):
        raise NotificationTableError("[indefinite_review] must be given")
    return Table(
        version=raw["version"],
        source=raw["source"],
        juvenile_below_age=_int(raw.get("juvenile_below_age"), "juvenile_below_age", minimum=1),
        rows=tuple(_row(r, i) for i, r in enumerate(rows, start=1)),
        review_adult_years=_int(
            review.get("adult_years"), "indefinite_review.adult_years", minimum=1
        ),
        review_juvenile_years=_int(
            review.get("juvenile_years"), "indefinite_review.juvenile_years", minimum=1
        ),
    )


@cache
def default_table() -> Table:
    return parse_table(DEFAULT_FILE.read_text(encoding="utf-8"))


def _matches(row: Row, s: Sentence) -> bool:
    if row.sentence != s.kind:
        return False
    if s.kind != "custody":
        return True
    months = s.months or 0
    return months >= row.min_months and (row.max_months is None or months <= row.max_months)


def period_for(sentence: Sentence, table: Table | None = None) -> Period:
    """The notification period the table gives for ``sentence``, and why.

    Raises ``ValueError`` naming the missing fact (custody length, discharge length).
    """
    table = table or default_table()
    if sentence.kind == "custody" and sentence.months is None:
        raise ValueError("Give the length of the custodial sentence in months")
    if sentence.kind == "conditional_discharge" and not sentence.discharge_months:
        raise ValueError("Give the length of the conditional discharge in months")
    row = next((r for r in table.rows if _matches(r, sentence)), None)
    if row is None:
        raise ValueError(f"The table ({table.version}) has no row for this sentence")
    juvenile = sentence.age_at_conviction < table.juvenile_below_age
    reasons = [f"{row.text} ({table.source})."]
    if row.period == "indefinite":
        return Period(True, None, (*reasons, "The requirements last indefinitely."), table.version)
    if row.period == "discharge":
        months = sentence.discharge_months or 0
        reasons.append(f"The period of the discharge: {months} months.")
    else:
        months = int(row.period) * 12
        reasons.append(f"{row.period} years.")
    if juvenile and row.halved:
        months = months // 2
        reasons.append(
            f"Under {table.juvenile_below_age} on conviction (aged {sentence.age_at_conviction}):"
            " the period is halved (s82(2))."
        )
    elif juvenile:
        reasons.append("Under 18 on conviction, but this period is not halved.")
    return Period(False, months, tuple(reasons), table.version)


def ends_on(period: Period, relevant_date: date) -> date | None:
    """The last day of a finite period counted from the relevant date (None if indefinite)."""
    if period.indefinite or period.months is None:
        return None
    return add_months(relevant_date, period.months)


def indefinite_review_on(
    first_notified_after_release: date, age_at_conviction: int, table: Table | None = None
) -> tuple[date, str]:
    """The first date an indefinite requirement can be reviewed, and why."""
    table = table or default_table()
    juvenile = age_at_conviction < table.juvenile_below_age
    years = table.review_juvenile_years if juvenile else table.review_adult_years
    on = add_months(first_notified_after_release, 12 * years)
    who = (
        f"under {table.juvenile_below_age} on conviction" if juvenile else "an adult on conviction"
    )
    return on, (
        f"Reviewable {years} years after the first notification following release "
        f"({long_date(first_notified_after_release)}), as {who} (SOA 2003 s91B)."
    )
