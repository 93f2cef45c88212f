"""The synthetic demo force is a DAPN/DAPO pilot from a day inside its seeded year; a real
force's packaged policy stays DVPN/DVPO only."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from safehold.audit.log import Justification, record
from safehold.audit.models import Operation
from safehold.safeguarding import policies
from safehold.safeguarding.protection_orders import DAPN_REGIME, DVPN_REGIME, regime_on
from safehold.synth.safeguarding_orders import (
    DEMO_POLICY_FILE,
    demo_policy,
    pilot_from,
    pilot_policies,
    write_demo_policy,
)


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 3, 2), date(2025, 11, 1)),
        (date(2026, 12, 7), date(2026, 8, 1)),
        (date(2027, 4, 30), date(2026, 12, 1)),
        (date(2027, 5, 1), date(2027, 1, 1)),
    ],
)
def test_the_pilot_begins_on_the_first_of_the_month_four_months_back(
    today: date, start: date
) -> None:
    """Inside the seeded year whatever the seed's date."""
    assert pilot_from(today) == start


def test_the_packaged_policy_stays_dvpn_only_and_the_seed_lays_the_pilot_over_it() -> None:
    """Real forces keep DVPN/DVPO; the seed's policy switches on the pilot's date."""
    packaged = policies.current()
    assert packaged.orders.dapn_dapo_from is None
    seeded = pilot_policies(packaged, date(2026, 8, 1))
    assert regime_on(date(2026, 7, 31), seeded.orders) is DVPN_REGIME
    assert regime_on(date(2026, 8, 1), seeded.orders) is DAPN_REGIME
    assert seeded.orders.version.endswith("+synthetic-pilot")
    assert policies.current().orders.dapn_dapo_from is None


def test_a_force_with_its_own_date_keeps_it() -> None:
    """A policy file that already names a start date is not overridden by the seed."""
    own = pilot_policies(policies.current(), date(2025, 1, 1))
    assert pilot_policies(own, date(2026, 8, 1)).orders.dapn_dapo_from == date(2025, 1, 1)


def test_the_demo_policy_file_loads_with_the_pilot_date(tmp_path: Path) -> None:
    """The packaged file with only the date (and the version) changed: every other rule the
    same, and the policy loader accepts it."""
    path = write_demo_policy(tmp_path / DEMO_POLICY_FILE, date(2026, 8, 1))
    with override_settings(SAFEHOLD_SAFEGUARDING_POLICY=str(path)):
        demo = policies.current()
    packaged = policies.current()
    assert demo.orders.dapn_dapo_from == date(2026, 8, 1)
    assert demo.version == f"{packaged.version}+synthetic-pilot"
    assert demo.queue.contact_target == packaged.queue.contact_target
    assert demo.marac == dataclasses.replace(packaged.marac, version=demo.version)


@pytest.mark.django_db
def test_the_demo_finds_the_seeded_forces_date_or_nothing(tmp_path: Path) -> None:
    """No synthetic force: no demo policy. A force seeded up to 2 March 2026: its pilot
    from 1 November 2025, written under the var directory."""
    assert demo_policy(tmp_path) is None
    record(
        None,
        Operation.COLLECTION,
        "synthetic_force",
        0,
        justification=Justification("record_keeping", "synthetic force for demo and tests"),
        channel="cli",
        detail={"scale": 0.02, "today": "2026-03-02"},
    )
    path = demo_policy(tmp_path)
    assert path == tmp_path / DEMO_POLICY_FILE
    assert "dapn_dapo_from = 2025-11-01" in path.read_text()
