"""The site answers at all: sign-in page for visitors, dashboard for users."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in() -> None:
    """Every page but sign-in redirects an anonymous visitor to it."""
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
