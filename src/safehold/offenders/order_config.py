"""The force's order settings (``config/orders.toml``, or the file named by
``SAFEHOLD_ORDERS_POLICY``): the expiry-alert window and the countries of concern.

Pure: no Django. Every error names the file and the key to fix.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .order_rules import CountryOfConcern

__all__ = ["OrdersConfigError", "OrdersPolicy", "current_orders_policy", "load_orders_policy"]

DEFAULT_FILE = Path(__file__).with_name("config") / "orders.toml"


class OrdersConfigError(ValueError):
    """The order settings are wrong; the message names the file and the key."""

    code = "invalid_orders_policy"

    def __init__(self, source: str, key: str, problem: str) -> None:
        self.key = key
        super().__init__(f"{source}: {key + ' ' if key else ''}{problem}")


@dataclass(frozen=True, slots=True)
class OrdersPolicy:
    """Parameters
    ----------
    version
        Stored with every travel flag; change it when a value changes.
    source
        Where the countries-of-concern list comes from.
    expiry_days
        An order in force ending within this many days raises an expiry alert.
    countries_of_concern
        The countries every notified trip is checked against.
    """

    version: str
    source: str
    expiry_days: int = 56
    countries_of_concern: tuple[CountryOfConcern, ...] = ()


def _text(table: Mapping[str, Any], key: str, where: str, name: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise OrdersConfigError(name, where, "must be a non-empty string")
    return value.strip()


def _from_mapping(data: Mapping[str, Any], name: str) -> OrdersPolicy:
    unknown = set(data) - {"version", "source", "alerts", "countries_of_concern"}
    if unknown:
        raise OrdersConfigError(name, sorted(unknown)[0], "is not a known key")
    version = _text(data, "version", "version", name)
    source = _text(data, "source", "source", name)
    alerts = data.get("alerts", {})
    if not isinstance(alerts, Mapping):
        raise OrdersConfigError(name, "alerts", "must be a table")
    days = alerts.get("expiry_days", 56)
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 730:
        raise OrdersConfigError(name, "alerts.expiry_days", "must be a whole number 0-730")
    entries = data.get("countries_of_concern", [])
    if not isinstance(entries, list):
        raise OrdersConfigError(name, "countries_of_concern", "must be an array of tables")
    countries = []
    for i, entry in enumerate(entries):
        where = f"countries_of_concern[{i}]"
        if not isinstance(entry, Mapping):
            raise OrdersConfigError(name, where, "must be a table with name and reason")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise OrdersConfigError(name, f"{where}.aliases", "must be a list of strings")
        countries.append(
            CountryOfConcern(
                _text(entry, "name", f"{where}.name", name),
                _text(entry, "reason", f"{where}.reason", name),
                tuple(aliases),
            )
        )
    return OrdersPolicy(version, source, days, tuple(countries))


def load_orders_policy(source: Path | str) -> OrdersPolicy:
    """Read the order settings from a TOML file, or from TOML text given as ``str``."""
    if isinstance(source, Path):
        name = source.name
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise OrdersConfigError(name, "", f"cannot be read ({exc.strerror})") from exc
    else:
        name, text = "orders policy", source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OrdersConfigError(name, "", f"is not valid TOML: {exc}") from exc
    return _from_mapping(data, name)


@lru_cache(maxsize=4)
def _cached(path: str) -> OrdersPolicy:
    return load_orders_policy(Path(path))


def current_orders_policy() -> OrdersPolicy:
    """The force's order settings: ``SAFEHOLD_ORDERS_POLICY`` or the packaged file."""
    return _cached(os.environ.get("SAFEHOLD_ORDERS_POLICY") or str(DEFAULT_FILE))
