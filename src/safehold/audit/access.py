"""Justified access to personal data from pages and the API.

Opening a person's record asks for a justification once per record per session; every
look after that is logged as a consultation carrying the session's justification.
The API takes the justification in headers on every request that reads personal data
(``X-Justification`` with a reason code, ``X-Justification-Text`` with free text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .log import Justification, record
from .models import Operation, Reason

if TYPE_CHECKING:
    from safehold.accounts.models import User

_SESSION_KEY = "safehold_justified"
REASON_HEADER = "X-Justification"
TEXT_HEADER = "X-Justification-Text"
MAX_TEXT = 500


class JustificationError(ValueError):
    """A justification that cannot be accepted; ``field`` names what to fix."""

    code = "justification_invalid"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def validate(reason: str, text: str) -> Justification:
    """Check a reason code and its text; "other" needs an explanation."""
    reason = (reason or "").strip()
    text = (text or "").strip()
    if reason not in Reason.values:
        raise JustificationError("Select why you need to see this record", "reason")
    if reason == Reason.OTHER and len(text) < 10:
        raise JustificationError(
            "Explain why you need to see this record (at least 10 characters)", "text"
        )
    if len(text) > MAX_TEXT:
        raise JustificationError(f"Explanation must be {MAX_TEXT} characters or fewer", "text")
    return Justification(reason, text)


def record_key(record_type: str, record_id: object) -> str:
    return f"{record_type}:{record_id}"


def session_justification(request: HttpRequest, key: str) -> Justification | None:
    """The justification given earlier in this session for this record, if any."""
    given = request.session.get(_SESSION_KEY, {}).get(key)
    return Justification(**given) if given else None


def remember_justification(request: HttpRequest, key: str, justification: Justification) -> None:
    justified: dict[str, Any] = request.session.get(_SESSION_KEY, {})
    justified[key] = justification.as_dict()
    request.session[_SESSION_KEY] = justified


def api_justification(request: HttpRequest) -> Justification:
    """The justification an API client sent in headers (raises when missing or bad)."""
    reason = request.headers.get(REASON_HEADER, "")
    if not reason:
        raise JustificationError(
            f"Send the {REASON_HEADER} header with one of: {', '.join(Reason.values)}",
            REASON_HEADER,
        )
    try:
        return validate(reason, request.headers.get(TEXT_HEADER, ""))
    except JustificationError as exc:
        field = REASON_HEADER if exc.field == "reason" else TEXT_HEADER
        raise JustificationError(str(exc), field) from None


def log_consultation(
    user: User,
    record_type: str,
    record_id: object,
    justification: Justification,
    *,
    person_id: int | None,
    channel: str = "page",
    detail: dict[str, Any] | None = None,
    people: Iterable[int] = (),
) -> None:
    """Log one look at personal data (``people``: every person a list showed)."""
    record(
        user,
        Operation.CONSULTATION,
        record_type,
        record_id,
        person_id=person_id,
        justification=justification,
        channel=channel,
        detail=detail,
        people=people,
    )


F = TypeVar("F", bound=Callable[..., HttpResponseBase])


# The kinds of list a justification is asked for, one each (issue 13, finding 6): a reason
# given for the offender list does not open the safeguarding queue.
LIST_KINDS = {
    "people": "the people search",
    "offenders": "the offender list",
    "da_queue": "the safeguarding queue",
    "da_incidents": "the domestic-abuse incidents",
    "person_matches": "the possible person matches",
    "marac": "a MARAC meeting's list",
    "da_worklists": "the supervisors' worklists",
    "dispatch": "the dispatch queue",
    "rc_queue": "the resolution-centre queue",
    "visit_route": "an officer's route of the day",
}


def justified(
    record_type: str, id_kwarg: str | None = None, *, kind: str | None = None
) -> Callable[[F], F]:
    """Ask for a justification (once per record per session) before the view runs.

    The view finds the accepted justification on ``request.justification`` and logs its
    consultation with it. Lists use ``id_kwarg=None`` and name their ``kind`` (one of
    ``LIST_KINDS``): one justification per kind of list, never one for every list.
    """
    if record_type == "list" and kind not in LIST_KINDS:
        raise ValueError(f"justified('list') needs kind= one of {sorted(LIST_KINDS)}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            key = record_key(record_type, kwargs[id_kwarg] if id_kwarg else (kind or "all"))
            given = session_justification(request, key)
            if given is None:
                query = urlencode({"record": key, "next": request.get_full_path()})
                return redirect(f"{reverse('audit:justify')}?{query}")
            request.justification = given  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return cast(F, wrapped)

    return decorator
