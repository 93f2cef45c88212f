"""The register's orders, safety markers, photograph and visit-review rows of the
authorization table (see tests/authz_table.py), and the ids their URLs need."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from safehold.accounts.roles import Role
from safehold.offenders.models import Offender, OffenderPhoto, Visit

R = Role
REGISTER_ROLES = frozenset({R.OFFENDER_MANAGER, R.PRIORITIES_LEAD})
LEADS = frozenset({R.PRIORITIES_LEAD})
# The smallest PNG signature and header: enough for a photograph row (never a real face).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

ORDERS_PAGES: dict[str, tuple[frozenset[Role], int, int, int]] = {
    "offenders:record_order": (REGISTER_ROLES, 200, 403, 302),
    "offenders:add_marker": (REGISTER_ROLES, 200, 403, 302),
    "offenders:remove_marker": (REGISTER_ROLES, 405, 405, 302),  # POST only
    "offenders:upload_photo": (REGISTER_ROLES, 200, 403, 302),
    "offenders:photo": (REGISTER_ROLES, 200, 403, 302),
    "offenders:visit_reviews": (LEADS, 200, 403, 302),
    "offenders:review_visit": (LEADS, 405, 405, 302),  # POST only; the service wants a DS
}


def orders_url_kwargs(route: str, offender: Offender) -> dict[str, Any]:
    """A photograph of the matrix's offender and a visit that raised a concern."""
    out: dict[str, Any] = {}
    if "<int:photo_id>" in route:
        photo = OffenderPhoto.objects.filter(offender=offender).first() or (
            OffenderPhoto.objects.create(
                offender=offender,
                image=PNG,
                content_type="image/png",
                size_bytes=len(PNG),
                sha256="0" * 64,
                taken_on=timezone.localdate(),
            )
        )
        out["photo_id"] = photo.pk
    if "<int:visit_id>" in route:
        visit = Visit.objects.create(
            offender=offender,
            outcome="seen",
            visited_at=timezone.now(),
            concerns="Child present",
            raised_concern=True,
        )
        out["visit_id"] = visit.pk
    return out
