"""The person's photograph on the record.

An upload is checked before anything is written: at most ``SAFEHOLD_PHOTO_MAX_BYTES``
(2 MB unless the force sets it; :func:`max_photo_bytes`), and a
PNG or JPEG by its first bytes (the name and the browser's claimed type are ignored).
It is kept in the database, never as a file the web server could hand out, and is
served only by the record's photograph view, which checks the role and logs each look.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Final

from django.conf import settings
from django.db import transaction

from safehold.accounts.models import User
from safehold.audit.models import Operation
from safehold.clock import SYSTEM_CLOCK, Clock
from safehold.errors import InvalidInput

from .models import OffenderPhoto
from .writes import locked, log, not_future, touch

MAX_PHOTO_BYTES: Final = 2 * 1024 * 1024  # the default of SAFEHOLD_PHOTO_MAX_BYTES
_SIGNATURES: Final = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def max_photo_bytes() -> int:
    """The largest photograph accepted, in bytes (``SAFEHOLD_PHOTO_MAX_BYTES``)."""
    return int(getattr(settings, "SAFEHOLD_PHOTO_MAX_BYTES", MAX_PHOTO_BYTES))


def image_type(data: bytes) -> str | None:
    """ "image/png" or "image/jpeg" from the first bytes, else None."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def check_photo(data: bytes) -> str:
    """The content type of an acceptable photograph; an error saying what to fix if not."""
    if not data:
        raise InvalidInput("Choose a photograph to upload", field="photo")
    if len(data) > max_photo_bytes():
        raise InvalidInput(
            f"The photograph is {len(data) // 1024} KB; the largest allowed is "
            f"{max_photo_bytes() // 1024} KB",
            field="photo",
        )
    content_type = image_type(data)
    if content_type is None:
        raise InvalidInput("The photograph must be a PNG or JPEG image", field="photo")
    return content_type


def store_photo(
    actor: User,
    offender_id: int,
    data: bytes,
    *,
    taken_on: date | None = None,
    visit_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> OffenderPhoto:
    """Keep a new photograph of the person (the newest is the one the record shows)."""
    content_type = check_photo(data)
    on = taken_on or clock.today()
    not_future(on, "taken_on", "The date the photograph was taken", clock=clock)
    with transaction.atomic():
        offender = locked(actor, offender_id)
        photo = OffenderPhoto.objects.create(
            offender=offender,
            image=data,
            content_type=content_type,
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            taken_on=on,
            visit_id=visit_id
            if visit_id and offender.visits.filter(pk=visit_id).exists()
            else None,
            created_by=actor,
            modified_by=actor,
        )
        touch(offender, actor, [])
        log(
            actor,
            Operation.COLLECTION,
            "photograph",
            photo.pk,
            offender,
            {"bytes": len(data), "type": content_type},
        )
    return photo
