"""The caseload import's columns, template and row checks: a CSV read as it streams,
each row turned into typed values with every problem named by line and field."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from safehold.accounts.models import Station, User
from safehold.accounts.roles import Role
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import RowError

from .import_report import ImportLimits, ImportReport
from .models import (
    NotificationPeriod,
    RiskLevel,
    RiskTool,
    Status,
)

COLUMNS: dict[str, tuple[bool, str]] = {
    # name: (required, what it holds)
    "register_reference": (True, "The force's register reference; the key for re-imports"),
    "given_name": (True, "Given name"),
    "family_name": (True, "Family name"),
    "date_of_birth": (True, "YYYY-MM-DD"),
    "sex": (False, "F, M or U (default U)"),
    "address_line1": (True, "House number and street of the notified home address"),
    "town": (True, "Town"),
    "postcode": (True, "Postcode"),
    "lat": (True, "Latitude of the home, WGS84 decimal degrees"),
    "lon": (True, "Longitude of the home, WGS84 decimal degrees"),
    "registered_on": (True, "Start of the notification requirements, YYYY-MM-DD"),
    "notification_period": (False, "indefinite, 10y, 7y, 5y, 2y or other (default 10y)"),
    "registration_ends_on": (False, "YYYY-MM-DD; empty when indefinite"),
    "status": (
        False,
        (
            "managed, reactive_management, whereabouts_unknown, in_custody, "
            "deceased or expired (default managed)"
        ),
    ),
    "risk_level": (False, "very_high, high, medium or low; empty when not yet assessed"),
    "risk_tool": (False, "arms, rm2000 or oasys_rosh; required with risk_level"),
    "risk_assessed_on": (False, "YYYY-MM-DD; required with risk_level"),
    "next_review_due": (False, "YYYY-MM-DD"),
    "mappa_category": (False, "1, 2 or 3 (default 1)"),
    "mappa_level": (False, "1, 2 or 3 (default 1)"),
    "station_code": (True, "Managing police station code, e.g. HAN"),
    "offender_manager": (False, "User name of the offender manager"),
    "last_visit_seen_on": (False, "Date last seen at home, YYYY-MM-DD"),
    "last_notification_on": (False, "Date of the last notification, YYYY-MM-DD"),
    "no_fixed_abode": (False, "yes or no (default no)"),
    "interval_months_override": (
        False,
        "Months between visits set by the risk management plan, 1 to 24",
    ),
}
REQUIRED = [name for name, (required, _) in COLUMNS.items() if required]

TEMPLATE_CSV = (
    ",".join(COLUMNS)
    + "\n"
    + ",".join(
        [
            "STF-0000001",
            "Alex",
            "Example",
            "1980-04-01",
            "M",
            "12 Example Street",
            "Stafford",
            "ST16 9ZZ",
            "52.8068",
            "-2.1141",
            "2019-06-03",
            "10y",
            "2029-06-03",
            "managed",
            "medium",
            "arms",
            "2026-05-02",
            "2027-05-02",
            "1",
            "1",
            "STA",
            "",
            "2026-07-14",
            "2026-06-01",
            "no",
            "",
        ]
    )
    + "\n"
)


@dataclass
class Row:
    line: int
    values: dict[str, Any]


class _Checker:
    """Turns one CSV row into typed values, collecting every problem with its field."""

    def __init__(self, line: int, raw: dict[str, str], report: ImportReport, today: date) -> None:
        self.line, self.raw, self.report, self.today = line, raw, report, today

    def text(self, name: str, *, max_length: int = 120) -> str:
        value = (self.raw.get(name) or "").strip()
        if not value and COLUMNS[name][0]:
            self.fail(name, "is required")
        elif len(value) > max_length:
            self.fail(name, f"is longer than {max_length} characters")
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = (self.raw.get(name) or "").strip()
        if not value:
            if required or COLUMNS[name][0]:
                self.fail(name, "is required (YYYY-MM-DD)")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-27")
            return None
        if parsed > self.today and name not in (
            "registration_ends_on",
            "next_review_due",
        ):
            self.fail(name, f"{value} is in the future")
        return parsed

    def choice(self, name: str, allowed: list[str], default: str = "") -> str:
        value = (self.raw.get(name) or "").strip().lower() or default
        if value and value not in allowed:
            self.fail(name, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def number(self, name: str, low: float, high: float) -> float | None:
        value = (self.raw.get(name) or "").strip()
        if not value:
            if COLUMNS[name][0]:
                self.fail(name, "is required")
            return None
        try:
            parsed = float(value)
        except ValueError:
            self.fail(name, f"'{value}' is not a number")
            return None
        if not low <= parsed <= high:
            self.fail(name, f"{value} is outside {low} to {high}")
        return parsed

    def fail(self, name: str, message: str) -> None:
        self.report.add(RowError(self.line, name, message))


def read_csv_rows(
    file: IO[bytes], report: ImportReport, limits: ImportLimits
) -> Iterator[dict[str, str]] | None:
    """The file's rows one at a time (never all in memory), or None if unreadable."""
    raw = file.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        report.add(RowError(0, "file", f"is larger than {limits.size_text}; split it"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(
            RowError(
                0,
                "file",
                f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as CSV UTF-8",
            )
        )
        return None
    del raw
    lines = _CountedLines(text)
    reader = csv.DictReader(lines, strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        report.add(RowError(lines.count, "row", f"broken CSV quoting: {exc}"))
        return None
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    for name in missing:
        report.add(RowError(1, name, "column is missing from the header"))
    for name in unknown[:20]:
        report.add(RowError(1, name or "(blank)", "is not a known column"))
    if missing or unknown:
        return None
    return _rows(reader, lines, report)


def _rows(
    reader: csv.DictReader[str], lines: _CountedLines, report: ImportReport
) -> Iterator[dict[str, str]]:
    start = lines.count + 1
    try:
        for raw_row in reader:
            if None in raw_row:
                report.add(RowError(start, "row", "has more cells than the header"))
            else:
                yield {**raw_row, "__line__": str(start)}
            start = lines.count + 1
    except csv.Error as exc:
        report.add(RowError(lines.count, "row", f"broken CSV quoting: {exc}"))


class _CountedLines:
    """The file's lines for the csv reader, counting them so errors name the right line
    (a quoted cell may span lines, so the reader's own count is not enough)."""

    def __init__(self, text: str) -> None:
        self._lines = iter(text.splitlines(keepends=True))
        self.count = 0

    def __iter__(self) -> _CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


def check_rows(
    rows: Iterator[dict[str, str]],
    report: ImportReport,
    limits: ImportLimits,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> list[Row]:
    """Check rows as they are read; stop once ``limits.max_bad_rows`` rows were wrong.

    A date after ``clock``'s today is refused (but for the registration's end and the next
    review).
    """
    today = clock.today()
    stations = {s.code: s.pk for s in Station.objects.all()}
    managers = dict(
        User.objects.filter(role=Role.OFFENDER_MANAGER, is_active=True).values_list(
            "username", "pk"
        )
    )
    seen: dict[str, int] = {}
    checked = []
    bad_rows = 0
    for raw in rows:
        report.rows += 1
        line = int(raw["__line__"])
        errors_before = report.error_count
        c = _Checker(line, raw, report, today)
        v: dict[str, Any] = {
            "register_reference": c.text("register_reference", max_length=20),
            "given_name": c.text("given_name", max_length=80),
            "family_name": c.text("family_name", max_length=80),
            "date_of_birth": c.day("date_of_birth"),
            "sex": c.choice("sex", ["f", "m", "u"], "u").upper(),
            "address_line1": c.text("address_line1"),
            "town": c.text("town", max_length=60),
            "postcode": c.text("postcode", max_length=10).upper(),
            "lat": c.number("lat", 49.8, 60.9),
            "lon": c.number("lon", -8.7, 1.8),
            "registered_on": c.day("registered_on"),
            "notification_period": c.choice(
                "notification_period", NotificationPeriod.values, NotificationPeriod.TEN_YEARS
            ),
            "registration_ends_on": c.day("registration_ends_on"),
            "status": c.choice("status", Status.values, Status.MANAGED),
            "risk_level": c.choice("risk_level", RiskLevel.values),
            "risk_tool": c.choice("risk_tool", RiskTool.values),
            "risk_assessed_on": c.day("risk_assessed_on"),
            "next_review_due": c.day("next_review_due"),
            "mappa_category": c.choice("mappa_category", ["1", "2", "3"], "1"),
            "mappa_level": c.choice("mappa_level", ["1", "2", "3"], "1"),
            "station_code": c.text("station_code", max_length=8).upper(),
            "offender_manager": (raw.get("offender_manager") or "").strip(),
            "last_visit_seen_on": c.day("last_visit_seen_on"),
            "last_notification_on": c.day("last_notification_on"),
            "no_fixed_abode": c.choice("no_fixed_abode", ["yes", "no"], "no") == "yes",
            "interval_months_override": c.number("interval_months_override", 1, 24),
        }
        ref = v["register_reference"]
        if ref:
            if ref in seen:
                c.fail("register_reference", f"'{ref}' is also on line {seen[ref]}")
            seen.setdefault(ref, line)
        if v["risk_level"]:
            if not v["risk_tool"]:
                c.fail("risk_tool", "is required when risk_level is given")
            if not v["risk_assessed_on"]:
                c.fail("risk_assessed_on", "is required when risk_level is given")
        if v["station_code"] and v["station_code"] not in stations:
            c.fail(
                "station_code",
                f"'{v['station_code']}' is not a station code; known: "
                f"{', '.join(sorted(stations))}",
            )
        if v["offender_manager"] and v["offender_manager"] not in managers:
            c.fail(
                "offender_manager",
                f"'{v['offender_manager']}' is not an active offender manager's user name",
            )
        reg, ends = v["registered_on"], v["registration_ends_on"]
        if reg and ends and ends <= reg:
            c.fail("registration_ends_on", "must be after registered_on")
        if reg and v["date_of_birth"] and reg <= v["date_of_birth"]:
            c.fail("registered_on", "must be after the date of birth")
        for name in ("last_visit_seen_on", "last_notification_on", "risk_assessed_on"):
            if reg and v[name] and v[name] < reg:
                c.fail(name, "is before registered_on")
        v["station_id"] = stations.get(v["station_code"])
        v["manager_id"] = managers.get(v["offender_manager"])
        if v["interval_months_override"] is not None:
            v["interval_months_override"] = int(v["interval_months_override"])
        if report.error_count > errors_before:
            bad_rows += 1
            if bad_rows >= limits.max_bad_rows:
                report.stopped_at = line
                break
            continue
        if not report.error_count:
            checked.append(Row(line, v))
    return checked
