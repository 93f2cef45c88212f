"""Server-side sorting and pagination for list pages and the API.

A list page declares which columns can be sorted (a public name → ORM ordering); the
request's ``sort`` and ``page`` parameters choose, and anything unknown falls back to the
default rather than erroring, so a bookmarked URL never breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Column:
    """A table column; ``sort`` is its key in ``sort_fields`` or empty when not sortable."""

    label: str
    sort: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class SortedPage(Generic[T]):
    page: Page[T]
    sort: str
    descending: bool
    columns: Sequence[Column]

    @property
    def headers(self) -> list[dict[str, Any]]:
        """Column headers with the sort link and aria-sort state for the template."""
        return column_headers(self.columns, self.sort, self.descending)

    @property
    def page_links(self) -> list[int | None]:
        """Page numbers to show, None where an ellipsis goes (GOV.UK pagination)."""
        return page_links(self.page.number, self.page.paginator.num_pages)


def column_headers(columns: Sequence[Column], sort: str, descending: bool) -> list[dict[str, Any]]:
    """Column headers with the sort link and aria-sort state, for a list sorted by ``sort``."""
    out = []
    for col in columns:
        active = bool(col.sort) and col.sort == sort
        next_sort = f"-{col.sort}" if active and not descending else col.sort
        out.append(
            {
                "label": col.label,
                "sortable": bool(col.sort),
                "sort_param": next_sort,
                "numeric": col.numeric,
                "aria_sort": (("descending" if descending else "ascending") if active else "none"),
            }
        )
    return out


def page_links(current: int, last: int) -> list[int | None]:
    """Page numbers to show around ``current``, None where an ellipsis goes."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links: list[int | None] = []
    for n in wanted:
        previous = links[-1] if links else None
        if previous is not None and n - previous > 1:
            links.append(None)
        links.append(n)
    return links


def sort_and_paginate(
    request: HttpRequest,
    items: Any,
    *,
    sort_fields: Mapping[str, Sequence[str]],
    default_sort: str,
    columns: Sequence[Column],
    per_page: int | None = None,
) -> SortedPage[Any]:
    """Order ``items`` (a queryset) by the requested column and return the requested page."""
    raw = request.GET.get("sort", default_sort)
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in sort_fields:
        descending = default_sort.startswith("-")
        key = default_sort.lstrip("-")
    ordering = [
        f"-{f.lstrip('-')}" if descending != f.startswith("-") else f.lstrip("-")
        for f in sort_fields[key]
    ]
    ordered = items.order_by(*ordering, "pk")
    paginator = Paginator(ordered, per_page or settings.SAFEHOLD_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return SortedPage(page=page, sort=key, descending=descending, columns=columns)
