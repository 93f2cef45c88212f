"""Security headers on every response, and the production settings' HTTPS rules."""

from __future__ import annotations

import importlib
import sys

import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_send_a_csp_without_unsafe_inline_and_deny_framing() -> None:
    """CSP with a nonce for the one inline snippet; no unsafe-inline; framing denied."""
    response = Client().get("/accounts/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


@pytest.mark.django_db
def test_no_inline_style_attributes_or_handlers_in_the_layout() -> None:
    """The CSP forbids inline styles and event handlers, so the layout has none."""
    content = Client().get("/accounts/sign-in/").content.decode()
    assert " style=" not in content
    assert " onclick=" not in content


def test_production_settings_turn_on_hsts_secure_cookies_and_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """settings_production: HSTS, secure cookies, SSL redirect, hashed static files."""
    monkeypatch.setenv("SAFEHOLD_SECRET_KEY", "x" * 64)
    sys.modules.pop("safehold.config.settings_production", None)
    prod = importlib.import_module("safehold.config.settings_production")
    assert prod.DEBUG is False
    assert prod.SECURE_HSTS_SECONDS >= 31_536_000
    assert prod.SESSION_COOKIE_SECURE
    assert prod.CSRF_COOKIE_SECURE
    assert prod.SECURE_SSL_REDIRECT is True
    assert "Manifest" in prod.STORAGES["staticfiles"]["BACKEND"]


def test_production_settings_refuse_to_start_without_a_secret_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without SAFEHOLD_SECRET_KEY the production settings raise, naming the variable."""
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SAFEHOLD_SECRET_KEY", raising=False)
    sys.modules.pop("safehold.config.settings_production", None)
    with pytest.raises(ImproperlyConfigured, match="SAFEHOLD_SECRET_KEY"):
        importlib.import_module("safehold.config.settings_production")
