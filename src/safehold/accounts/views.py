"""Sign in and out, the second factor, and the home dashboard."""

from __future__ import annotations

import base64
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehold.access import signed_in_user
from safehold.navigation import tiles_for

from .forms import SignInForm, TokenForm


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponseBase:
    """The sign-in page (django-axes locks an account after repeated failures)."""
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


def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: figures from every context the user's role can see."""
    return render(request, "home.html", {"tiles": tiles_for(signed_in_user(request))})
