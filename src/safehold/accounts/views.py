"""Sign in and out, and the second factor (the home page is ``safehold.shell.home``)."""

from __future__ import annotations

import base64
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.clock import SYSTEM_CLOCK

from .clientip import client_ip
from .forms import SignInForm, TokenForm


def _address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this client address, across every user name, in the cool-off."""
    from axes.models import AccessAttempt
    from django.db.models import Sum

    since = SYSTEM_CLOCK.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    total = AccessAttempt.objects.filter(
        ip_address=client_ip(request), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return int(total or 0)


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponseBase:
    """The sign-in page. django-axes locks a user name at one address after repeated
    failures; an address that fails too often across user names is refused too (so one
    client cannot try every account, nor lock everyone out behind a shared proxy)."""
    if (
        request.method == "POST"
        and _address_failures(request) >= settings.SAFEHOLD_LOCKOUT_ADDRESS_FAILURES
    ):
        return render(request, "accounts/locked_out.html", {"address": True}, status=429)
    view = auth_views.LoginView.as_view(
        template_name="accounts/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
    return view(request)


sign_out = auth_views.LogoutView.as_view(next_page="accounts:login")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app, or enter a code from it, before going on."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = confirmed or TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Your second factor is confirmed.")
            return redirect(_safe_next(request))
        form.add_error("token", "That code is wrong or has expired. Enter the current code.")
    context = {
        "form": form,
        "setting_up": not device.confirmed,
        "qr": _qr_svg(device.config_url) if not device.confirmed else "",
        "secret": base64.b32encode(device.bin_key).decode() if not device.confirmed else "",
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor.html", context)
