"""API: who am I."""

from django.http import HttpRequest
from ninja import Router, Schema

from safehold.apiutil import api_user

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    rank: str
    capabilities: list[str]


@router.get("", response=MeOut, summary="The calling user, their role and capabilities")
def me(request: HttpRequest) -> MeOut:
    user = api_user(request)
    return MeOut(
        username=user.username,
        name=user.get_full_name(),
        role=user.role,
        rank=user.rank_enum.label,
        capabilities=sorted(str(c) for c in user.capabilities),
    )
