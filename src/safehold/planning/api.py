"""API: visit plans."""

from ninja import Router

router = Router(tags=["planning"])
