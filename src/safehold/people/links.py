"""Links from a person's record to the records other contexts hold about them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safehold.accounts.models import User

    from .models import Person


@dataclass(frozen=True, slots=True)
class RecordLink:
    label: str
    url: str
    summary: str = ""


LinkProvider = Callable[["Person", "User"], list[RecordLink]]
PROVIDERS: list[LinkProvider] = []


def register(provider: LinkProvider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def links_for(person: Person, user: User) -> list[RecordLink]:
    return [link for provider in PROVIDERS for link in provider(person, user)]
