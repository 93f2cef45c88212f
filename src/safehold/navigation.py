"""The service navigation and the home dashboard tiles, filled in by each context.

Each app registers its navigation items and tiles in its ``AppConfig.ready``; the
navigation shows a user only the items their role's capabilities allow, so the menu is
the role table made visible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from safehold.accounts.roles import Capability

if TYPE_CHECKING:
    from safehold.accounts.models import User


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link in the service navigation, shown to users with ``capability``."""

    label: str
    url_name: str
    capability: Capability
    order: int = 100


@dataclass(frozen=True, slots=True)
class Tile:
    """A figure on the home dashboard with a link to the page behind it."""

    title: str
    value: str
    caption: str
    url: str
    status: str = ""  # "", "warning" or "ok"


TileProvider = Callable[["User"], list[Tile]]


@dataclass(frozen=True, slots=True)
class TileSource:
    capability: Capability
    provide: TileProvider
    order: int = 100


NAV_ITEMS: list[NavItem] = []
TILE_SOURCES: list[TileSource] = []


def register_nav(*items: NavItem) -> None:
    """Add items to the service navigation (idempotent on re-registration)."""
    for item in items:
        if item not in NAV_ITEMS:
            NAV_ITEMS.append(item)
    NAV_ITEMS.sort(key=lambda i: i.order)


def register_tiles(capability: Capability, provide: TileProvider, order: int = 100) -> None:
    """Add a source of dashboard tiles for users with ``capability``."""
    source = TileSource(capability, provide, order)
    if source not in TILE_SOURCES:
        TILE_SOURCES.append(source)
    TILE_SOURCES.sort(key=lambda s: s.order)


def nav_for(user: User) -> list[NavItem]:
    return [item for item in NAV_ITEMS if user.can(item.capability)]


def tiles_for(user: User) -> list[Tile]:
    tiles: list[Tile] = []
    for source in TILE_SOURCES:
        if user.can(source.capability):
            tiles.extend(source.provide(user))
    return tiles
