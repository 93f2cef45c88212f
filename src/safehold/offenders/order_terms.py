"""An order's terms typed as lines, one term a line: ``topic: text``.

The topic is one of ``TOPICS`` (``other`` when the line has none). A travel prohibition
names its countries in brackets — ``travel (Thailand, Cambodia): not to travel to ...``
— or, without brackets, prohibits all foreign travel. Every error names the line.

Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TOPICS", "TermLine", "TermsError", "parse_terms"]

TOPICS = ("devices", "travel", "children", "places", "people", "residence", "other")
MAX_TERMS = 40
_LINE = re.compile(r"^\s*([a-z]+)\s*(?:\(([^)]*)\))?\s*:\s*(.+)$", re.IGNORECASE)


class TermsError(ValueError):
    """A term line cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        super().__init__(f"Line {line}: {problem}")


@dataclass(frozen=True, slots=True)
class TermLine:
    topic: str
    text: str
    countries: tuple[str, ...] = ()


def parse_terms(text: str) -> list[TermLine]:
    """The terms typed in ``text``; blank lines are skipped."""
    terms: list[TermLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        topic, countries, body = "other", "", line
        if match and match.group(1).lower() in TOPICS:
            topic, countries, body = match.group(1).lower(), match.group(2) or "", match.group(3)
        elif match and match.group(2) is not None:
            raise TermsError(
                number, f"'{match.group(1)}' is not a topic; use one of {', '.join(TOPICS)}"
            )
        body = body.strip()
        if len(body) > 500:
            raise TermsError(number, "a term is at most 500 characters; split it in two")
        names = tuple(c.strip() for c in countries.split(",") if c.strip())
        if names and topic != "travel":
            raise TermsError(number, "only a travel term names countries in brackets")
        if len(", ".join(names)) > 300:
            raise TermsError(number, "the countries in brackets are at most 300 characters")
        terms.append(TermLine(topic, body, names))
        if len(terms) > MAX_TERMS:
            raise TermsError(number, f"an order has at most {MAX_TERMS} terms")
    return terms
