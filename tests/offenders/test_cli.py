"""`safehold backlog`, `briefing` and `import-offenders` end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.factories import StationFactory

from safehold.accounts.models import User
from safehold.cli import main
from safehold.datetext import short_date
from safehold.offenders.importer import TEMPLATE_CSV
from safehold.offenders.models import BacklogSnapshot, Offender

pytestmark = pytest.mark.django_db(transaction=True)  # the CLI closes its connections


def test_backlog_json_has_the_figures_the_issue_names(
    capsys: pytest.CaptureFixture[str], make_offender: Callable[..., Offender]
) -> None:
    """overdue_visits, missed_visits, by_risk, by_station, oldest_overdue_days, policy_version."""
    make_offender("very_high", seen_days_ago=100)
    make_offender("low", seen_days_ago=10)
    main(["backlog", "--json", "--snapshot"])
    data = json.loads(capsys.readouterr().out)
    assert data["overdue_visits"] == 1
    assert data["missed_visits"] == 3
    assert data["by_risk"]["very_high"]["overdue_visits"] == 1
    assert set(data["by_station"]) == {"Hanley Police Station"}
    assert data["oldest_overdue_days"] > 60
    assert data["policy_version"] == "staffs-2026.2"
    assert BacklogSnapshot.objects.get().overdue_visits == 1


def test_briefing_json_gives_each_line_its_reason_and_is_logged(
    capsys: pytest.CaptureFixture[str], make_offender: Callable[..., Offender]
) -> None:
    """The JSON briefing names the overdue very high risk offender and why."""
    offender = make_offender("very_high", seen_days_ago=50)
    main(["briefing", "--json"])
    data = json.loads(capsys.readouterr().out)
    section = next(s for s in data["sections"] if s["key"] == "overdue_high")
    assert section["lines"][0]["reference"] == offender.register_reference
    assert "days overdue" in section["lines"][0]["why"][0]
    from safehold.audit.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(record_type="briefing", channel="cli").exists()


def test_the_briefing_prints_each_lines_open_meeting_actions(
    capsys: pytest.CaptureFixture[str], make_offender: Callable[..., Offender], lead: User
) -> None:
    """An action agreed yesterday is printed under its line with who agreed it, and in JSON."""
    from datetime import timedelta

    from django.utils import timezone

    from safehold.clock import FrozenClock
    from safehold.offenders import services

    offender = make_offender("very_high", seen_days_ago=50)
    yesterday = timezone.now() - timedelta(days=1)
    action = services.record_briefing_action(
        lead,
        offender.pk,
        services.BriefingActionInput(
            section="overdue_high",
            kind="pursue",
            due_on=timezone.localdate() + timedelta(days=2),
            note="Check the new address",
        ),
        clock=FrozenClock(yesterday),
    )
    assert action.agreed_at == yesterday
    assert action.meeting_on == timezone.localdate(yesterday)
    main(["briefing"])
    out = capsys.readouterr().out
    line = out.split(offender.register_reference, 1)[1]
    assert "agreed: Pursue — The priorities team" in line
    assert f"by {lead.display_name} on {short_date(timezone.localtime(yesterday))}" in line
    assert "Check the new address" in line
    main(["briefing", "--json"])
    data = json.loads(capsys.readouterr().out)
    section = next(s for s in data["sections"] if s["key"] == "overdue_high")
    assert section["lines"][0]["actions"][0]["note"] == "Check the new address"


def test_import_offenders_reports_every_bad_row_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad file prints line and column for each problem and imports nothing."""
    StationFactory(code="STA")
    header, good = TEMPLATE_CSV.splitlines()
    bad = good.replace("medium", "severe")
    path = tmp_path / "caseload.csv"
    path.write_text("\n".join([header, good.replace("STF-0000001", "STF-1"), bad]) + "\n")
    with pytest.raises(SystemExit) as exited:
        main(["import-offenders", str(path)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "line 3, risk_level" in err
    assert Offender.objects.count() == 0


def test_import_offenders_imports_a_good_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The template's example row imports; a second run reports it unchanged."""
    StationFactory(code="STA")
    path = tmp_path / "caseload.csv"
    path.write_text(TEMPLATE_CSV)
    main(["import-offenders", str(path)])
    assert "1 new" in capsys.readouterr().out
    main(["import-offenders", str(path)])
    assert "1 unchanged" in capsys.readouterr().out
