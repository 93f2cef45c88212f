"""What other contexts do when two people are merged, and when the merge is undone.

A merge moves every foreign key to the retired person by itself (``merging.py``). Some
records need more than a moved key: a pending identity match that named both people now
names the survivor twice. A context registers a :class:`MergeHook` (in its ``AppConfig``);
the merge calls it inside its transaction, after the rows have moved, and stores what it
returns in ``PersonMerge.resolved`` under the hook's key, so that undoing the merge can give
exactly that back to the hook's ``undo``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safehold.accounts.models import User


@dataclass(frozen=True, slots=True)
class MergeEvent:
    """A merge (or its undoing) as a hook sees it."""

    survivor_id: int
    survivor_reference: str
    retired_id: int
    retired_reference: str
    moved: dict[str, list[int | str]]  # {"app.Model.field": [row ids]} that the merge moved
    actor: User
    at: dt.datetime

    @property
    def note(self) -> str:
        return f"Resolved by merge of {self.retired_reference} into {self.survivor_reference}"


@dataclass(frozen=True, slots=True)
class MergeHook:
    key: str  # where the merge keeps what ``merge`` returns
    merge: Callable[[MergeEvent], list[int]]  # returns the ids of the rows it changed
    undo: Callable[[MergeEvent, list[int]], int]  # given those ids; returns how many it restored


HOOKS: dict[str, MergeHook] = {}


def register(hook: MergeHook) -> None:
    HOOKS[hook.key] = hook
