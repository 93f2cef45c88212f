"""Read values from a query string or form without letting a malformed one become a 500.

``"²".isdigit()`` is true and ``int("²")`` raises ValueError; ``"9" * 30`` is digits
but too large for any column. Views read numbers here instead of ``str.isdigit`` and
``int``: a value that is missing, malformed or out of range is ``None`` (the page
ignores it) — or, with ``strict=True``, a ``InvalidInput`` naming the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping

from safehold.errors import InvalidInput

# A query value longer than this is not a number, a date or a search anyone typed.
MAX_QUERY_VALUE = 200


def is_whole_number(text: str) -> bool:
    """True for ASCII digits only (``"12"``), false for ``"²"``, ``"١٢"``, ``""``, ``"-1"``."""
    return text.isascii() and text.isdigit()


def whole_number(
    text: str | None,
    *,
    lo: int = 0,
    hi: int = 2**63 - 1,
    name: str = "value",
    strict: bool = False,
) -> int | None:
    """``text`` as an int in ``lo..hi``; otherwise None (or InvalidInput when ``strict``)."""
    if text is None or text == "":
        return None
    text = text.strip()
    if len(text) <= 19 and is_whole_number(text):
        number = int(text)
        if lo <= number <= hi:
            return number
    if strict:
        raise InvalidInput(f"{name} must be a whole number from {lo} to {hi}", field=name)
    return None


def query_int(
    query: Mapping[str, str], name: str, *, lo: int = 0, hi: int = 2**63 - 1
) -> int | None:
    """The query parameter ``name`` as a whole number in ``lo..hi``, or None."""
    return whole_number(query.get(name), lo=lo, hi=hi, name=name)


def query_text(query: Mapping[str, str], name: str, *, limit: int = 100) -> str:
    """The query parameter ``name`` as text, cut to ``limit`` characters (a column's size)."""
    return (query.get(name) or "")[:limit]
