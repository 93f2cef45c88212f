"""Job kinds: each names a function that does the work and reports progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from safehold.accounts.roles import Capability


class Progress(Protocol):
    """Called by a job as it goes: a fraction done (0..1) and what it is doing."""

    def __call__(self, fraction: float, message: str) -> None: ...


JobFunction = Callable[[dict[str, Any], Progress], dict[str, Any]]
# Called when the job's worker died mid-run: (params, will_retry, reason). Puts the kind's
# own records right, in the recovery's transaction (e.g. a plan run back to queued).
AbandonHook = Callable[[dict[str, Any], bool, str], None]


@dataclass(frozen=True, slots=True)
class JobKind:
    name: str
    title: str
    run: JobFunction
    capability: Capability
    on_abandon: AbandonHook | None = None


KINDS: dict[str, JobKind] = {}


def register(
    name: str, title: str, capability: Capability, *, on_abandon: AbandonHook | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register ``run(params, progress) -> result`` as a job kind."""

    def decorator(run: JobFunction) -> JobFunction:
        KINDS[name] = JobKind(name, title, run, capability, on_abandon)
        return run

    return decorator


def get_kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS)) or "none"
        raise ValueError(f"unknown job kind {name!r}; known kinds: {known}") from None
