"""API: domestic-abuse incidents, the waiting queue, DASH, MARAC, protective actions, matches,
the victim's voice and the suspect's status.

Reads of personal data need the ``X-Justification`` header and are logged as disclosures;
writes go through the same services as the pages. Every operation answers a typed schema
(``schemas_out.py``, ``schemas_voice.py``), so the OpenAPI document describes every response.
"""

from ninja import Router

from . import incident_writes, incidents, marac, matches, voice

router = Router(tags=["safeguarding"])
for _part in (incidents, incident_writes, marac, matches, voice):
    router.add_router("", _part.router)
