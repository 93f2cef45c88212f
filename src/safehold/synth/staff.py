"""The synthetic force's stations, teams and staff, with one demo login per role."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from safehold.accounts.models import Station, Team, User
from safehold.accounts.roles import Rank, Role

from .geography import STATIONS
from .names import random_name

DEMO_PASSWORD = "safehold-demo"  # noqa: S105 - printed on the demo console by design


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    role: Role
    description: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("om.demo", Role.OFFENDER_MANAGER, "offender manager, Hanley"),
    DemoLogin("lead.demo", Role.PRIORITIES_LEAD, "priorities lead (DS), Stafford"),
    DemoLogin("safeguarding.demo", Role.SAFEGUARDING_OFFICER, "safeguarding officer (PS)"),
    DemoLogin("resolution.demo", Role.RESOLUTION_INVESTIGATOR, "resolution centre, Hanley"),
    DemoLogin("response.demo", Role.RESPONSE_SUPERVISOR, "response supervisor (PS)"),
    DemoLogin("analyst.demo", Role.ANALYST, "performance analyst"),
    DemoLogin("auditor.demo", Role.AUDITOR, "information assurance auditor"),
    DemoLogin("admin.demo", Role.ADMIN, "system administrator"),
    DemoLogin("call.demo", Role.CALL_HANDLER, "control-room call handler"),
)

# Role → (how many at scale 1, rank, team function, where based)
STAFFING: dict[Role, tuple[int, Rank, str]] = {
    Role.OFFENDER_MANAGER: (24, Rank.CONSTABLE, "offender_management"),
    Role.PRIORITIES_LEAD: (2, Rank.SERGEANT, "priorities"),
    Role.SAFEGUARDING_OFFICER: (12, Rank.CONSTABLE, "safeguarding"),
    Role.RESOLUTION_INVESTIGATOR: (20, Rank.CONSTABLE, "resolution_centre"),
    Role.RESPONSE_SUPERVISOR: (10, Rank.SERGEANT, "response"),
    Role.ANALYST: (3, Rank.STAFF, "analysis"),
    Role.AUDITOR: (2, Rank.STAFF, "information_assurance"),
    Role.ADMIN: (1, Rank.STAFF, "systems"),
    Role.CALL_HANDLER: (40, Rank.STAFF, "control_room"),
}

DEMO_RANKS: dict[Role, Rank] = {
    Role.PRIORITIES_LEAD: Rank.SERGEANT,
    Role.SAFEGUARDING_OFFICER: Rank.SERGEANT,
    Role.RESPONSE_SUPERVISOR: Rank.SERGEANT,
}


@dataclass
class Staffing:
    stations: list[Station]
    teams: dict[str, Team]
    users_by_role: dict[Role, list[User]]


def seed_stations() -> list[Station]:
    return Station.objects.bulk_create(
        [
            Station(
                code=s.code, name=s.name, town=s.town, district=s.district, lat=s.lat, lon=s.lon
            )
            for s in STATIONS
        ]
    )


def seed_staff(rng: random.Random, scale: float) -> Staffing:
    """Stations at real coordinates, the force's teams, and its staff by role."""
    stations = seed_stations()
    by_code = {s.code: s for s in stations}
    north = ("HAN", "LON", "NUL", "LEE", "CHE", "STO")
    teams: dict[str, Team] = {}

    def team(name: str, station_code: str, function: str) -> Team:
        teams[name] = Team.objects.create(
            name=name, station=by_code[station_code], function=function
        )
        return teams[name]

    team("Priorities Team", "STA", "priorities")
    team("MOSOVO North", "HAN", "offender_management")
    team("MOSOVO South", "CAN", "offender_management")
    team("Safeguarding Hub", "STA", "safeguarding")
    team("Resolution Centre", "HAN", "resolution_centre")
    team("Performance and Analysis", "STA", "analysis")
    team("Information Assurance", "STA", "information_assurance")
    team("Systems", "STA", "systems")
    team("Force Control Room", "STA", "control_room")
    for station in stations:
        team(f"{station.town} Response", station.code, "response")

    users: list[User] = []
    users_by_role: dict[Role, list[User]] = {r: [] for r in Role}
    demo_by_role = {d.role: d for d in DEMO_LOGINS}
    seq = 0
    for role, (count, rank, function) in STAFFING.items():
        n = max(1, round(count * scale))
        for i in range(n):
            seq += 1
            sex = rng.choice("FM")
            given, family = random_name(rng, sex)
            if function == "offender_management":
                station = stations[i % len(stations)]
                team_obj = teams["MOSOVO North" if station.code in north else "MOSOVO South"]
            elif function == "response":
                station = stations[i % len(stations)]
                team_obj = teams[f"{station.town} Response"]
            else:
                team_obj = next(t for t in teams.values() if t.function == function)
                station = team_obj.station
            demo = demo_by_role.get(role) if i == 0 else None
            if demo is not None and role == Role.OFFENDER_MANAGER:
                station, team_obj = by_code["HAN"], teams["MOSOVO North"]
            username = demo.username if demo else f"{given}.{family}.{seq}".lower()
            user = User(
                username=username,
                first_name=given,
                last_name=family,
                role=role.value,
                rank=DEMO_RANKS.get(role, rank) if demo else rank,
                collar_number=f"{rng.randint(1000, 9999)}" if rank > Rank.STAFF else "",
                team=team_obj,
                station=station,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
                password=make_password(DEMO_PASSWORD) if demo else make_password(None),
            )
            users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    for user in User.objects.exclude(role="").order_by("id"):
        users_by_role[Role(user.role)].append(user)
    return Staffing(stations=stations, teams=teams, users_by_role=users_by_role)
