"""How large a request body each route accepts (issue 13, finding 1).

Every page and API operation has a cap: the one it declares with :func:`body_cap`, or the
small default for its kind — ``SAFEHOLD_PAGE_MAX_BODY_BYTES`` (128 KB) for pages,
``SAFEHOLD_API_MAX_BODY_BYTES`` (64 KB) for API operations, whose JSON is a few hundred
bytes. Uploads declare theirs explicitly (``@body_cap("SAFEHOLD_IMPORT_MAX_BYTES",
envelope=...)``). ``config.middleware.BodyLimitMiddleware`` refuses a larger body with 413
before anything reads it; ``tests/test_body_caps.py`` walks every route and checks each has
a cap, and that only declared routes exceed the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

F = TypeVar("F", bound=Callable[..., Any])

ATTRIBUTE = "safehold_body_cap"
PAGE_DEFAULT = "SAFEHOLD_PAGE_MAX_BODY_BYTES"
API_DEFAULT = "SAFEHOLD_API_MAX_BODY_BYTES"
_FALLBACK = {PAGE_DEFAULT: 128 * 1024, API_DEFAULT: 64 * 1024}


@dataclass(frozen=True, slots=True)
class Cap:
    """A cap: the setting that holds its size, plus a fixed allowance (a multipart
    envelope around a file); ``declared`` is False for a kind's default."""

    setting: str
    envelope: int = 0
    declared: bool = True

    @property
    def bytes(self) -> int:
        return int(getattr(settings, self.setting, _FALLBACK.get(self.setting, 0))) + self.envelope


def body_cap(setting: str, *, envelope: int = 0) -> Callable[[F], F]:
    """Declare the view's or API operation's cap: the size in the setting ``setting``, plus
    ``envelope`` bytes. Place it innermost (next to the function): wrappers copy it."""

    def decorator(view: F) -> F:
        setattr(view, ATTRIBUTE, Cap(setting, envelope))
        return view

    return decorator


def _api_operation(view: Callable[..., Any], method: str) -> Callable[..., Any] | None:
    """The API operation django-ninja runs for ``method`` behind the route's view, if any.

    Ninja routes every method of one path through one view that closes over its
    ``PathView``; the operation's own function carries the declared cap.
    """
    from ninja.operation import PathView

    for cell in getattr(view, "__closure__", None) or ():
        path_view = cell.cell_contents
        if isinstance(path_view, PathView):
            for operation in path_view.operations:
                if method in operation.methods:
                    return operation.view_func
    return None


def is_api(view: Callable[..., Any]) -> bool:
    return any(
        type(cell.cell_contents).__name__ == "PathView"
        for cell in getattr(view, "__closure__", None) or ()
    )


def cap_of(view: Callable[..., Any] | None, method: str) -> Cap:
    """The cap of the route whose view is ``view`` (None: no route) for ``method``."""
    if view is None:
        return Cap(PAGE_DEFAULT, declared=False)
    if is_api(view):
        operation = _api_operation(view, method)
        declared = getattr(operation, ATTRIBUTE, None)
        return declared if isinstance(declared, Cap) else Cap(API_DEFAULT, declared=False)
    declared = getattr(view, ATTRIBUTE, None)
    return declared if isinstance(declared, Cap) else Cap(PAGE_DEFAULT, declared=False)
