"""``{% id_url %}``: the same URL ``{% url %}`` gives, reversed once per route name."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from safehold.templatetags.safehold import id_url


@pytest.mark.parametrize(
    "name", ["offenders:detail", "offenders:briefing_action", "offenders:briefing_line_tools"]
)
@pytest.mark.parametrize("pk", [1, 42, 987654321])
def test_id_url_is_the_url_django_reverses(name: str, pk: int) -> None:
    assert id_url(name, pk) == reverse(name, args=[pk])


def test_id_url_in_a_template_matches_the_url_tag() -> None:
    context = Context({"line": {"offender_id": 7}})
    fast = Template("{% load safehold %}{% id_url 'offenders:detail' line.offender_id %}")
    slow = Template("{% url 'offenders:detail' line.offender_id %}")
    assert fast.render(context) == slow.render(context) == "/offenders/7/"


def test_id_url_refuses_what_is_not_a_whole_number() -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        id_url("offenders:detail", "7/../../admin")  # type: ignore[arg-type]
