"""API: domestic-abuse safeguarding."""

from ninja import Router

router = Router(tags=["safeguarding"])
