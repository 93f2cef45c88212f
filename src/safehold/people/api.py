"""API: search people and read a person's record (each read logged as a disclosure)."""

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from safehold.accounts.roles import Capability
from safehold.apiutil import Page, Search, api_user, require_api
from safehold.audit.api_looks import justification_of, log_disclosure

from .disclosure import withhold_addresses
from .queries import person_record, search_people

router = Router(tags=["people"])


class AddressOut(Schema):
    line1: str
    line2: str
    town: str
    postcode: str
    lat: float
    lon: float
    kind: str
    valid_from: date
    valid_to: date | None


class PersonSummary(Schema):
    id: int
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None


class PersonOut(PersonSummary):
    sex: str
    aliases: list[str]
    addresses: list[AddressOut]


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PersonSummary]


class PeopleQuery(Schema):
    q: Search = ""
    page: Page = 1


@router.get("", response=PersonPage, summary="Search people by name, alias or reference")
@require_api(Capability.VIEW_PEOPLE)
def list_people(request: HttpRequest, filters: Query[PeopleQuery]) -> PersonPage:
    justification = justification_of(request)
    from django.core.paginator import Paginator

    paginator = Paginator(search_people(filters.q[:100]).order_by("family_name", "id"), 50)
    page = paginator.get_page(filters.page)
    items = [PersonSummary.from_orm(p) for p in page]
    shown = [p.id for p in items]
    log_disclosure(
        request, justification, "person_search", filters.q, detail={"shown": shown}, people=shown
    )
    return PersonPage(
        count=paginator.count, page=page.number, pages=paginator.num_pages, items=items
    )


@router.get("/{person_id}", response=PersonOut, summary="A person's record")
@require_api(Capability.VIEW_PEOPLE)
def get_person(request: HttpRequest, person_id: int) -> PersonOut:
    justification = justification_of(request)
    person = person_record(person_id)
    if person is None:
        raise Http404
    withhold_addresses(api_user(request), [person])
    log_disclosure(request, justification, "person", person.pk, person_id=person.pk)
    return PersonOut(
        id=person.pk,
        reference=person.reference,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        aliases=[str(a) for a in person.aliases.all()],
        addresses=[
            AddressOut(
                line1=h.address.line1,
                line2=h.address.line2,
                town=h.address.town,
                postcode=h.address.postcode,
                lat=h.address.location.lat,
                lon=h.address.location.lon,
                kind=h.kind,
                valid_from=h.valid_from,
                valid_to=h.valid_to,
            )
            for h in person.address_history  # type: ignore[attr-defined]
        ],
    )
