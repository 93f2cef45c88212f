"""The errors of person linkage, each with a stable ``code`` for APIs and the CLI.

``LinkageError`` (a ``ValueError``) is the base:

- ``InvalidLinkageParams`` (``code="invalid_linkage_params"``): a parameter is out of range;
  the message says which and what is allowed.
- ``InvalidPersonRecords`` (``code="invalid_person_records"``): an input record is unusable
  (empty or repeated id, unknown sex).
- ``InvalidLinkageModel`` (``code="invalid_linkage_model"``): a saved model is not a Splink
  model for these fields.
"""

from __future__ import annotations

__all__ = ["InvalidLinkageModel", "InvalidLinkageParams", "InvalidPersonRecords", "LinkageError"]


class LinkageError(ValueError):
    """Base of the linkage errors; ``code`` is stable for APIs and the CLI."""

    code = "linkage_error"


class InvalidLinkageParams(LinkageError):
    """A linkage parameter is out of range."""

    code = "invalid_linkage_params"


class InvalidPersonRecords(LinkageError):
    """An input person record cannot be linked as given."""

    code = "invalid_person_records"


class InvalidLinkageModel(LinkageError):
    """A saved linkage model cannot be used."""

    code = "invalid_linkage_model"
