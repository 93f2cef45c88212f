"""The three kinds of data.police.uk file (DOMAIN.md §5.1) as Safehold reads and stores
them: per kind, the table, the file's columns in order (as the header names them) with the
name and SQL type each is read as, the checks the CSV reader cannot make (each a SQL
condition that is true for a bad row, and a message), and the keys its rows are counted by
(docs/decisions/0028-open-data-stored-as-counts.md: the store keeps counts, not rows).
Pure data: no DuckDB here."""

from __future__ import annotations

from dataclasses import dataclass

# Reader options for the typed columns: data.police.uk months are YYYY-MM.
DATE_FORMAT = "%Y-%m"


@dataclass(frozen=True, slots=True)
class Kind:
    table: str
    columns: tuple[tuple[str, str, str], ...]  # (header, stored name, SQL type)
    checks: tuple[tuple[str, str, str], ...]  # (field, SQL condition of a bad row, message)
    keys: tuple[tuple[str, str, str], ...]  # (stored name, SQL type, SQL over the columns)

    @property
    def counts_table(self) -> str:
        return f"{self.table}_counts"

    @property
    def header(self) -> str:
        return ",".join(header for header, _, _ in self.columns)


# Every kind has coordinates: the counts keep how many rows had both (``located``), which
# also makes the reader convert, and so check, both columns on every row.
LOCATED = "longitude is not null and latitude is not null"

# What a value the reader cannot convert to its column's type is not.
TYPE_MESSAGES = {
    "DATE": "is not a month YYYY-MM",
    "DOUBLE": "is not a number",
    "TIMESTAMP WITH TIME ZONE": "is not a date and time",
}

_PLACE = (
    ("Longitude", "longitude", "DOUBLE"),
    ("Latitude", "latitude", "DOUBLE"),
    ("Location", "location", "VARCHAR"),
    ("LSOA code", "lsoa_code", "VARCHAR"),
    ("LSOA name", "lsoa_name", "VARCHAR"),
)
_WHO = (
    ("Crime ID", "crime_id", "VARCHAR"),
    ("Month", "month", "DATE"),
    ("Reported by", "reported_by", "VARCHAR"),
    ("Falls within", "falls_within", "VARCHAR"),
)

KINDS: dict[str, Kind] = {
    "street": Kind(
        "street",
        (
            *_WHO,
            *_PLACE,
            ("Crime type", "crime_type", "VARCHAR"),
            ("Last outcome category", "last_outcome", "VARCHAR"),
            ("Context", "context", "VARCHAR"),
        ),
        (
            ("month", "month is null", "is empty"),
            ("crime_type", "crime_type is null", "is empty"),
            ("falls_within", "falls_within is null", "is empty"),
        ),
        (
            ("month", "DATE", "month"),
            ("falls_within", "VARCHAR", "falls_within"),
            ("lsoa_code", "VARCHAR", "lsoa_code"),
            ("crime_type", "VARCHAR", "crime_type"),
            ("last_outcome", "VARCHAR", "last_outcome"),
        ),
    ),
    "outcomes": Kind(
        "outcomes",
        (*_WHO, *_PLACE, ("Outcome type", "outcome_type", "VARCHAR")),
        (
            ("month", "month is null", "is empty"),
            ("outcome_type", "outcome_type is null", "is empty"),
        ),
        (
            ("month", "DATE", "month"),
            ("falls_within", "VARCHAR", "falls_within"),
            ("lsoa_code", "VARCHAR", "lsoa_code"),
            ("outcome_type", "VARCHAR", "outcome_type"),
        ),
    ),
    "stop-and-search": Kind(
        "stop_search",
        (
            ("Type", "type", "VARCHAR"),
            ("Date", "date", "TIMESTAMP WITH TIME ZONE"),
            ("Part of a policing operation", "part_of_operation", "VARCHAR"),
            ("Policing operation", "policing_operation", "VARCHAR"),
            ("Latitude", "latitude", "DOUBLE"),
            ("Longitude", "longitude", "DOUBLE"),
            ("Gender", "gender", "VARCHAR"),
            ("Age range", "age_range", "VARCHAR"),
            ("Self-defined ethnicity", "self_defined_ethnicity", "VARCHAR"),
            ("Officer-defined ethnicity", "officer_defined_ethnicity", "VARCHAR"),
            ("Legislation", "legislation", "VARCHAR"),
            ("Object of search", "object_of_search", "VARCHAR"),
            ("Outcome", "outcome", "VARCHAR"),
            ("Outcome linked to object of search", "outcome_linked", "VARCHAR"),
            ("Removal of more than just outer clothing", "removal_of_clothing", "VARCHAR"),
        ),
        (
            ("date", "date is null", "is empty"),
            ("type", "type is null", "is empty"),
        ),
        (
            ("month", "DATE", "date_trunc('month', date)::date"),
            ("type", "VARCHAR", "type"),
            ("gender", "VARCHAR", "gender"),
            ("age_range", "VARCHAR", "age_range"),
            ("officer_defined_ethnicity", "VARCHAR", "officer_defined_ethnicity"),
            ("legislation", "VARCHAR", "legislation"),
            ("object_of_search", "VARCHAR", "object_of_search"),
            ("outcome", "VARCHAR", "outcome"),
        ),
    ),
}
