"""The words of demand management, as plain enums the rules, models and simulation share.

Nothing here imports Django: ``models.py`` builds its field choices from these enums, and
``thrive``, ``routing`` and the simulation take and return them.
"""

from __future__ import annotations

import enum

__all__ = ["Area", "Channel", "ContactOutcome", "IncidentType", "Route", "Stage"]


class Channel(enum.StrEnum):
    """How the incident reached the force."""

    EMERGENCY = "999"
    NON_EMERGENCY = "101"
    ONLINE = "online"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return {
            "999": "999 call",
            "101": "101 call",
            "online": "Online report",
            "officer": "Officer-generated",
        }[self.value]


class Area(enum.StrEnum):
    """Urban or rural, by the configured rule (``[areas]`` in the demand policy)."""

    URBAN = "urban"
    RURAL = "rural"

    @property
    def label(self) -> str:
        return self.value.title()


class IncidentType(enum.StrEnum):
    """Incident types, after the National Incident Category List (NSIR 2011), simplified."""

    ASSAULT = "assault"
    DOMESTIC_ABUSE = "domestic_abuse"
    CONCERN_FOR_WELFARE = "concern_for_welfare"
    MISSING_PERSON = "missing_person"
    ROBBERY = "robbery"
    BURGLARY_DWELLING = "burglary_dwelling"
    BURGLARY_OTHER = "burglary_other"
    THEFT = "theft"
    VEHICLE_CRIME = "vehicle_crime"
    CRIMINAL_DAMAGE = "criminal_damage"
    PUBLIC_ORDER = "public_order"
    ASB = "asb"
    RTC_INJURY = "rtc_injury"
    RTC_MINOR = "rtc_minor"
    FRAUD = "fraud"
    SUSPICIOUS = "suspicious"
    SEXUAL_OFFENCE = "sexual_offence"
    HIGHWAY = "highway"
    LOST_FOUND = "lost_found"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        return INCIDENT_TYPE_LABELS[self]


INCIDENT_TYPE_LABELS: dict[IncidentType, str] = {
    IncidentType.ASSAULT: "Assault",
    IncidentType.DOMESTIC_ABUSE: "Domestic abuse",
    IncidentType.CONCERN_FOR_WELFARE: "Concern for welfare",
    IncidentType.MISSING_PERSON: "Missing person",
    IncidentType.ROBBERY: "Robbery",
    IncidentType.BURGLARY_DWELLING: "Burglary (dwelling)",
    IncidentType.BURGLARY_OTHER: "Burglary (other building)",
    IncidentType.THEFT: "Theft",
    IncidentType.VEHICLE_CRIME: "Vehicle crime",
    IncidentType.CRIMINAL_DAMAGE: "Criminal damage",
    IncidentType.PUBLIC_ORDER: "Public order",
    IncidentType.ASB: "Anti-social behaviour",
    IncidentType.RTC_INJURY: "Road traffic collision (injury)",
    IncidentType.RTC_MINOR: "Road traffic collision (damage only)",
    IncidentType.FRAUD: "Fraud or forgery",
    IncidentType.SUSPICIOUS: "Suspicious circumstances",
    IncidentType.SEXUAL_OFFENCE: "Sexual offence",
    IncidentType.HIGHWAY: "Highway disruption",
    IncidentType.LOST_FOUND: "Lost or found property",
    IncidentType.ADVICE: "Request for advice",
}


class Route(enum.StrEnum):
    """Where a graded incident goes (``routing.route``)."""

    RESPONSE = "response"
    SCHEDULED = "scheduled"
    APPOINTMENT = "appointment"
    RESOLUTION_CENTRE = "resolution_centre"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        return {
            "response": "Response (attend now)",
            "scheduled": "Scheduled attendance",
            "appointment": "Appointment",
            "resolution_centre": "Resolution centre",
            "advice": "Advice and close",
        }[self.value]


class Stage(enum.StrEnum):
    """The incident's timeline, in order: each stage is stamped when it is reached."""

    RECEIVED = "received"
    GRADED = "graded"
    ALLOCATED = "allocated"
    DISPATCHED = "dispatched"
    ARRIVED = "arrived"
    RESOLVED = "resolved"


class ContactOutcome(enum.StrEnum):
    """What happened when the resolution centre tried to reach the caller."""

    CONTACTED = "contacted"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"

    @property
    def label(self) -> str:
        return {
            "contacted": "Spoke to the caller",
            "no_answer": "No answer",
            "voicemail": "Left a voicemail",
            "wrong_number": "Number not in use or wrong",
        }[self.value]
