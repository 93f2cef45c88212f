"""The channel of an access-log entry: the request or command in hand unless named."""

from __future__ import annotations

import pytest

from safehold.audit.channel import request_channel, using_channel
from safehold.audit.log import PendingEntry, record, record_many, verify_chain
from safehold.audit.models import AccessLogEntry, Operation

pytestmark = pytest.mark.django_db


def test_an_entry_takes_the_channel_in_hand_unless_one_is_named() -> None:
    """Outside any request "page" (and "import" for many); inside the API's "api"; an
    explicit channel always wins; the chain stays intact."""
    assert record(None, Operation.ALTERATION, "thing", 1).channel == "page"
    with using_channel("api"):
        assert record(None, Operation.ALTERATION, "thing", 2).channel == "api"
        assert record(None, Operation.ALTERATION, "thing", 3, channel="export").channel == (
            "export"
        )
        record_many(None, [PendingEntry(Operation.ALTERATION, "many", 4)])
    assert record(None, Operation.ALTERATION, "thing", 5).channel == "page"
    record_many(None, [PendingEntry(Operation.ALTERATION, "many", 6)])
    many = dict(
        AccessLogEntry.objects.filter(record_type="many").values_list("record_id", "channel")
    )
    assert many == {"4": "api", "6": "import"}
    assert verify_chain() is None


def test_a_request_path_names_its_channel() -> None:
    assert request_channel("/api/safeguarding/incidents/1/voice") == "api"
    assert request_channel("/safeguarding/incidents/1/") == "page"
    assert request_channel("/admin/accounts/user/") == "admin"
    assert request_channel("/apiary/") == "page"
