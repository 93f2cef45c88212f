"""What the API accepts and answers for the victim's voice and the suspect's status (kept
apart from ``schemas_in``/``schemas_out``: one subject, and those are at their size)."""

from datetime import datetime

from ninja import Schema

from safehold.apiutil import Code, LongText, Title, Version


class VoiceIn(Schema):
    """The victim's voice, all of it at once: a blank field is "not said". ``version`` is
    the one the GET answered; a stale one is refused (409 ``stale_record``)."""

    wishes: LongText = ""
    safe_contact: Code = ""
    safe_contact_times: Title = ""
    communication_needs: Title = ""
    supports_prosecution: Code = ""
    version: Version


class SuspectStatusIn(Schema):
    status: Code
    at: datetime | None = None
    conditions: LongText = ""
    victim_told: bool = False


class SuspectStatusOut(Schema):
    id: int
    status: str
    status_label: str
    at: datetime
    conditions: str
    is_release: bool
    victim_told_at: datetime | None
    victim_told_by: str | None
    victim_not_told: bool


class VoiceOut(Schema):
    """The victim's voice on an incident and the suspect's status, newest first."""

    incident_id: int
    reference: str
    version: int
    wishes: str
    safe_contact: str
    safe_contact_label: str
    safe_contact_times: str
    communication_needs: str
    supports_prosecution: str
    supports_prosecution_label: str
    suspect_at_large: bool
    suspect_statuses: list[SuspectStatusOut]


class SuspectStatusRecorded(Schema):
    id: int
    status: str
    victim_not_told: bool
