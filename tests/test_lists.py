"""Sorting headers and page links, shared by every list page."""

from __future__ import annotations

from safehold.lists import Column, column_headers, page_links


def test_page_links_show_the_ends_and_the_neighbours_with_ellipses_between() -> None:
    """Page 5 of 10: 1 … 4 5 6 … 10; the first and the last page need no ellipsis."""
    assert page_links(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert page_links(1, 3) == [1, 2, 3]
    assert page_links(1, 1) == [1]


def test_the_sorted_column_links_to_the_other_direction_and_says_so_to_screen_readers() -> None:
    """Sorted ascending by name: its link sorts descending; other columns are 'none'."""
    columns = (Column("Name", "name"), Column("Risk", "risk"), Column("Address"))
    name, risk, address = column_headers(columns, "name", descending=False)
    assert (name["sort_param"], name["aria_sort"]) == ("-name", "ascending")
    assert (risk["sort_param"], risk["aria_sort"]) == ("risk", "none")
    assert not address["sortable"]
