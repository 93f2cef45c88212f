"""The ``safehold`` command: Safehold's jobs, and every Django management command.

``safehold --help`` lists Safehold's own jobs; ``safehold help --commands`` lists all.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

JOBS = (
    ("demo", "migrate, seed the synthetic force when empty, serve http://127.0.0.1:8000"),
    ("seed", "build the synthetic force into an empty database (--seed S --scale X)"),
    ("worker", "run background jobs from the database queue"),
    ("audit verify", "check the access log's hash chain (--anchors FILE: and its anchors)"),
    ("audit export", "write the access log as CSV"),
    ("audit anchor", "sign the access log's head into a file kept outside the database"),
    ("backup", "back up the database to a file (-o FILE)"),
    ("restore", "restore a backup into the database DATABASE_URL names"),
    ("token issue", "issue an API token for another system"),
    ("retention", "review people on record for disposal (dry run unless --erase)"),
    ("backlog", "the visit backlog (--json)"),
    ("briefing", "the priorities team's daily briefing (--date D --json)"),
    ("import-offenders", "import a caseload CSV (all-or-nothing, every bad row reported)"),
    ("plan", "plan visits for officer pairs (--days 5 --seconds 60 --json)"),
    ("dash score", "score a risk questionnaire (DASH, SafeLives or DARA) from a JSON file"),
    ("safeguarding queue", "the domestic-abuse waiting queue (--json)"),
    ("simulate", "simulate demand against staffing (SCENARIO --json; --mmc; --advise)"),
    ("demand compliance", "response times against targets, resolution centre (--json)"),
    ("import-crimes", "import recorded crimes and outcomes from CSV (all-or-nothing)"),
    ("ingest-policeuk", "data.police.uk files into DuckDB (bad rows kept out by line)"),
    ("report inspection", "the inspection-readiness report by PEEL area (HTML or PDF)"),
    ("outcomes explain", "why the DA charge or arrest rate changed between two periods"),
    ("migrate", "create or update the database tables"),
    ("createsuperuser", "create an administrator"),
)

USAGE = """usage: safehold <command> [options]

Safehold: public protection and demand management for a police force.

Jobs:
{jobs}

Every Django management command also runs: `safehold help --commands` lists them,
and `safehold <command> --help` explains one. Settings come from the environment:
DATABASE_URL (default: SQLite under var/) and SAFEHOLD_* (see the README).
"""


def _usage() -> str:
    width = max(len(name) for name, _ in JOBS)
    return USAGE.format(jobs="\n".join(f"  {n:<{width}}  {d}" for n, d in JOBS))


def main(argv: Sequence[str] | None = None) -> None:
    """Run a Safehold job or Django management command; exits with its status."""
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safehold.config.settings")
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        sys.stdout.write(_usage())
        return
    from django.core.management import ManagementUtility

    from safehold.channel import using_channel

    utility = ManagementUtility(["safehold", *args])
    utility.prog_name = "safehold"
    with using_channel("cli"):  # Django's own commands too (Safehold's set it themselves)
        utility.execute()


if __name__ == "__main__":
    main()
