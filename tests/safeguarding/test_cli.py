"""`safehold dash score` and `safehold safeguarding queue` end to end."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from tests.safeguarding.factories import answers, make_incident

from safehold.audit.models import AccessLogEntry
from safehold.cli import main


def _score(tmp_path: Path, document: object) -> list[str]:
    path = tmp_path / "dash.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return ["dash", "score", str(path)]


def test_dash_score_prints_the_grade_yes_count_criteria_and_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten yes with a judgement of high: high, criterion professional judgement, reasons."""
    document = {
        "questionnaire": "dash-27",
        "answers": {**answers(10), "20": "not known"},
        "professional_judgement": {"grade": "high", "reason": "Strangled last week"},
    }
    main(_score(tmp_path, document))
    out = json.loads(capsys.readouterr().out)
    assert (out["grade"], out["actuarial_grade"], out["yes_count"]) == ("high", "medium", 10)
    assert [c["code"] for c in out["marac_criteria"]] == ["professional_judgement"]
    assert "yes_count_band" in [r["code"] for r in out["reasons"]]
    assert out["policy_version"] == "safehold-da-2026.2"


@pytest.mark.parametrize(
    ("document", "named"),
    [
        ({"questionnaire": "dara-9", "answers": {}}, "dara-9"),
        ({"answers": {"28": "yes"}}, "answers.28"),
        ({"answers": {"4": "sometimes"}}, "'sometimes'"),
        ({"answers": {"1": "yes"}, "professional_judgement": {"grade": "high"}},
         "professional_judgement.reason"),
        ("{not json", "not JSON"),
    ],
)  # fmt: skip
def test_dash_score_refuses_bad_input_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: object, named: str
) -> None:
    """Unknown questionnaire, question or answer, no reason, not JSON: exit 2 naming it."""
    with pytest.raises(SystemExit) as exited:
        main(_score(tmp_path, document))
    assert exited.value.code == 2
    assert named in capsys.readouterr().err


def test_dash_score_says_when_the_file_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file exits 2 naming it."""
    with pytest.raises(SystemExit) as exited:
        main(["dash", "score", str(tmp_path / "missing.json")])
    assert exited.value.code == 2
    assert "missing.json" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)  # the CLI closes its connections
def test_the_queue_as_json_at_a_given_time_explains_each_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--at two hours on: the high victim is first, escalated, with reasons; the look logged."""
    high = make_incident(grade="high", attendance="delayed", minutes_ago=5)
    make_incident(grade="standard", attendance="attended", minutes_ago=5)
    at = high.reported_at.replace(microsecond=0) + timedelta(hours=2)
    main(["safeguarding", "queue", "--json", "--at", at.isoformat()])
    data = json.loads(capsys.readouterr().out)
    first = data["entries"][0]
    assert (first["incident_id"], first["escalate_to_supervisor"]) == (high.pk, True)
    assert first["needs_telephone_reassessment"] is True
    assert "target_missed" in [r["code"] for r in first["reasons"]]
    assert data["waiting"] == 2
    entry = AccessLogEntry.objects.get(record_type="da_queue")
    assert (entry.channel, entry.reason) == ("cli", "safeguarding")


@pytest.mark.django_db(transaction=True)
def test_the_queue_as_text_lists_the_victims(capsys: pytest.CaptureFixture[str]) -> None:
    """The text form gives the position, reference and reasons."""
    incident = make_incident(grade="medium")
    main(["safeguarding", "queue"])
    out = capsys.readouterr().out
    assert incident.reference in out
    assert "Graded medium" in out


def test_a_bad_time_for_the_queue_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    """--at yesterday-ish exits non-zero naming the option."""
    with pytest.raises(SystemExit) as exited:
        main(["safeguarding", "queue", "--at", "half past nine"])
    assert exited.value.code == 2
    assert "--at" in capsys.readouterr().err
