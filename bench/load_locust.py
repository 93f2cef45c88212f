"""The Locust side of ``bench/load.py``: users, phases and figures. Runs as its own process.

Locust (gevent) patches the standard library when imported, so it never runs inside the
test suite or ``load.py`` itself: ``load.py`` starts this file as a child process with the
site's address and the ids to visit, and reads the figures it writes as JSON.

Phases, one after another against the same gunicorn:

0. ``single``: one person alone on the site, a lead going through home, the offender
   list, the backlog, the briefing and the plan list, then a safeguarding officer opening
   the DA queue, each page half a second after the last: single-user times over HTTP.
1. ``mixed``: the realistic mix below, with think time (``--think MIN MAX``; each user's
   first action at a random moment within MAX, as on a shift) or none.
2. ``bare``: a bare Django view (``/healthz``: the whole middleware stack, no database)
   at no think time: the server's ceiling.
3. ``case``: the lightest case page (the offender list) at no think time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDS: dict[str, list[int]] = {"offenders": [], "plans": []}
TOKEN = {"value": "", "password": ""}
# Users that have finished signing in: a phase is measured only once all have.
READY = {"count": 0}
# With think time, each user's first action comes at a random moment within the longest
# think, as on a shift; otherwise all would open their first page in the same second.
STAGGER = {"seconds": 0.0}


class SignedIn(FastHttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/sign-in/", name="sign in")
        token = CSRF.search(page.text or "")
        self.client.post(
            "/accounts/sign-in/",
            data={
                "username": self.username,
                "password": TOKEN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
            allow_redirects=False,
        )
        READY["count"] += 1
        if STAGGER["seconds"]:
            gevent.sleep(random.uniform(0, STAGGER["seconds"]))

    def page(self, url: str, name: str, **kwargs: Any) -> None:
        """A page, answering the reason prompt first when it asks (once per sign-in)."""
        first = self.client.get(url, name=name, allow_redirects=False, **kwargs)
        where = first.headers.get("Location", "") if first.status_code == 302 else ""
        if "/audit/justify/" not in where:
            return
        prompt = self.client.get(where, name="reason prompt")
        token = CSRF.search(prompt.text or "")
        record = re.search(r'name="record" value="([^"]+)"', prompt.text or "")
        self.client.post(
            "/audit/justify/",
            data={
                "record": record.group(1) if record else "",
                "next": url,
                "reason": "case_management",
                "text": "load test",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="reason prompt",
            allow_redirects=False,
        )
        self.client.get(url, name=name, **kwargs)

    def offender_record(self) -> None:
        """An offender's record: the reason prompt first (once per record and sign-in)."""
        if IDS["offenders"]:
            oid = random.choice(IDS["offenders"])
            self.page(f"/offenders/{oid}/", "offender record")


class Lead(SignedIn):
    """The priorities lead: briefing, backlog, records, plans."""

    weight = 3
    username = "lead.demo"

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def briefing(self) -> None:
        self.page("/offenders/briefing/", "briefing")

    @task(2)
    def backlog(self) -> None:
        self.page("/offenders/backlog/", "backlog")

    @task(2)
    def offender_list(self) -> None:
        self.page("/offenders/", "offender list")

    @task(3)
    def record(self) -> None:
        self.offender_record()

    @task(1)
    def plans(self) -> None:
        self.page("/planning/", "plan list")

    @task(1)
    def plan(self) -> None:
        if IDS["plans"]:
            pid = random.choice(IDS["plans"])
            self.page(f"/planning/{pid}/", "plan")


class OffenderManager(SignedIn):
    weight = 3
    username = "om.demo"

    @task(1)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def offender_list(self) -> None:
        self.page("/offenders/", "offender list")

    @task(3)
    def record(self) -> None:
        self.offender_record()


class Safeguarding(SignedIn):
    """A safeguarding officer with the DA queue open: it refreshes itself every 30 s."""

    weight = 2
    username = "safeguarding.demo"

    def on_start(self) -> None:
        super().on_start()
        self.page("/safeguarding/", "safeguarding queue")

    @task
    def refresh(self) -> None:
        self.page(
            "/safeguarding/queue/rows/",
            "safeguarding queue refresh",
            headers={"HX-Request": "true", "HX-Current-URL": "/safeguarding/"},
        )


class ApiClient(FastHttpUser):
    """Another system with a token: the offender list and records."""

    weight = 2

    def on_start(self) -> None:
        READY["count"] += 1

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN['value']}", "X-Justification": "case_management"}

    @task(1)
    def offenders(self) -> None:
        self.client.get("/api/offenders?limit=25", name="api offenders", headers=self.headers())

    @task(2)
    def offender(self) -> None:
        if IDS["offenders"]:
            oid = random.choice(IDS["offenders"])
            self.client.get(f"/api/offenders/{oid}", name="api offender", headers=self.headers())


class Bare(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        READY["count"] += 1

    @task
    def bare(self) -> None:
        self.client.get("/healthz", name="bare view")


class OneLead(SignedIn):
    """One person alone on the site, for single-user server times: the lead's pages in
    turn, half a second apart."""

    wait_time = constant(0.5)
    username = "lead.demo"
    pages = (
        ("/", "home"),
        ("/offenders/", "offender list"),
        ("/offenders/backlog/", "backlog"),
        ("/offenders/briefing/", "briefing"),
        ("/planning/", "plan list"),
    )

    @task
    def next_pages(self) -> None:
        for url, name in self.pages:
            self.page(url, f"{name} (one user)")


class OneSafeguardingOfficer(SignedIn):
    """One safeguarding officer alone on the site: the DA queue page."""

    wait_time = constant(0.5)
    username = "safeguarding.demo"

    @task
    def queue(self) -> None:
        self.page("/safeguarding/", "safeguarding queue (one user)")


class CasePage(SignedIn):
    wait_time = constant(0)
    username = "om.demo"

    @task
    def offender_list(self) -> None:
        self.page("/offenders/", "offender list (saturation)")


def run_phase(
    host: str, classes: list[type[FastHttpUser]], users: int, seconds: float
) -> dict[str, Any]:
    env = Environment(user_classes=classes, host=host)
    runner = env.create_local_runner()
    READY["count"] = 0
    runner.start(users, spawn_rate=max(5, users))
    # Sign-ins (Argon2, once per person) are not the load being measured: wait for them.
    deadline = time.monotonic() + 300
    while READY["count"] < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    runner.greenlet.join()
    pages: dict[str, Any] = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if name == "sign in":
            continue
        pages[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    total = env.stats.total
    signed = env.stats.entries.get(("sign in", "POST"))
    requests = total.num_requests - (signed.num_requests if signed else 0)
    errors = [
        f"{e.method} {e.name}: {e.error} (x{e.occurrences})" for e in env.stats.errors.values()
    ]
    return {
        "seconds": seconds,
        "users": users,
        "requests": requests,
        "rps": round(requests / seconds, 1),
        "errors": total.num_failures,
        "error_samples": errors[:10],
        "p95_ms": total.get_response_time_percentile(0.95),
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--think", type=float, nargs=2, default=None)
    parser.add_argument("--saturation-seconds", type=float, default=20)
    parser.add_argument("--saturation-users", type=int, default=20)
    parser.add_argument("--single-seconds", type=float, default=15)
    parser.add_argument("--ids", type=Path, required=True, help="JSON: offenders, plans, token")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    given = json.loads(args.ids.read_text())
    IDS["offenders"], IDS["plans"] = given["offenders"], given["plans"]
    TOKEN["value"], TOKEN["password"] = given["token"], given["password"]
    single = [
        run_phase(args.host, [one], 1, args.single_seconds)
        for one in (OneLead, OneSafeguardingOfficer)
    ]
    think = between(*args.think) if args.think else constant(0)
    STAGGER["seconds"] = args.think[1] if args.think else 0.0
    for cls in (Lead, OffenderManager, ApiClient):
        cls.wait_time = think
    Safeguarding.wait_time = constant(30) if args.think else constant(0)
    mixed = run_phase(
        args.host, [Lead, OffenderManager, Safeguarding, ApiClient], args.users, args.seconds
    )
    bare = run_phase(args.host, [Bare], args.saturation_users, args.saturation_seconds)
    case = run_phase(args.host, [CasePage], args.saturation_users, args.saturation_seconds)
    alone = {
        name: page
        for phase in single
        for name, page in phase["pages"].items()
        if name.endswith("(one user)")
    }
    figures = {"single": alone, "mixed": mixed, "bare": bare, "case": case}
    args.out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
