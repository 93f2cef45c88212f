"""The force's safeguarding policy file (``config/policy.toml``): reading and typed access.

Each rules module reads its own table from the one :class:`PolicyDocument`; all share the
top-level ``version`` that every automated decision carries.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from safehold.safeguarding.rule_errors import ConfigurationError

__all__ = ["CONFIG_DIR", "PolicyDocument", "load_policy_document"]


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """The force's safeguarding policy file, read once, with typed access to its keys.

    Each rules module reads its own table (``[dash]``, ``[marac]``, ``[queue]``,
    ``[clocks]``) into its own parameter object; all share the top-level ``version``, which
    every automated decision carries.
    """

    data: Mapping[str, Any]
    source: str

    @property
    def version(self) -> str:
        """The policy version string stamped on every decision."""
        return self.text("version")

    def _lookup(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise ConfigurationError(
                    f"{self.source}: missing key {key!r}; add it (see docs/safeguarding-rules.md)",
                    field=key,
                )
            node = node[part]
        return node

    def _bad(self, key: str, wanted: str, value: object) -> ConfigurationError:
        return ConfigurationError(
            f"{self.source}: {key} must be {wanted}, not {value!r}", field=key
        )

    def has(self, key: str) -> bool:
        """Return whether ``key`` (dotted) is present."""
        try:
            self._lookup(key)
        except ConfigurationError:
            return False
        return True

    def text(self, key: str) -> str:
        """Return the non-empty string at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, str) or not value.strip():
            raise self._bad(key, "a non-empty string", value)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """Return the list of non-empty strings at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self._bad(key, "a list of non-empty strings", value)
        return tuple(value)

    def integer(self, key: str, *, minimum: int = 0) -> int:
        """Return the integer at ``key``, at least ``minimum``."""
        value = self._lookup(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self._bad(key, f"a whole number of at least {minimum}", value)
        return value

    def integers(self, key: str) -> tuple[int, ...]:
        """Return the list of integers at ``key``."""
        value = self._lookup(key)
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self._bad(key, "a list of whole numbers", value)
        return tuple(value)

    def number(self, key: str, *, minimum: float = 0.0) -> float:
        """Return the number at ``key``, at least ``minimum``."""
        value = self._lookup(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self._bad(key, f"a number of at least {minimum:g}", value)
        return float(value)

    def numbers(self, key: str, *, minimum: float = 0.0) -> dict[str, float]:
        """Return the table of numbers at ``key`` as a dict."""
        value = self._lookup(key)
        if not isinstance(value, Mapping):
            raise self._bad(key, "a table", value)
        return {name: self.number(f"{key}.{name}", minimum=minimum) for name in value}


CONFIG_DIR: Traversable = files("safehold.safeguarding").joinpath("config")


def load_policy_document(path: Path | None = None) -> PolicyDocument:
    """Read the safeguarding policy file.

    Parameters
    ----------
    path
        A force's own policy file; ``None`` reads the one shipped in the package
        (``safehold/safeguarding/config/policy.toml``), cached after the first read.

    Raises
    ------
    ConfigurationError
        If the file is not valid TOML or has no ``version``.
    """
    if path is None:
        return _packaged_policy_document()
    return _parse_policy(path.read_text(encoding="utf-8"), str(path))


@cache
def _packaged_policy_document() -> PolicyDocument:
    source = CONFIG_DIR.joinpath("policy.toml")
    return _parse_policy(source.read_text(encoding="utf-8"), "policy.toml")


def _parse_policy(text: str, source: str) -> PolicyDocument:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML: {exc}", field=source) from exc
    document = PolicyDocument(MappingProxyType(data), source)
    document.version  # noqa: B018 -- fail at load time, not at the first decision
    return document
