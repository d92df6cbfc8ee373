"""The second factor for staff: a code from an authenticator app (TOTP, django-otp) after the
password, on every admin page, when OTP_REQUIRED is on.

After the password (the admin's own sign-in, with django-axes' pause) every admin URL leads
to "Set up" (no authenticator yet: scan a QR code, type a code, note the recovery codes) or
to "Enter your code". A code works once (django-otp keeps the last time step used); each
recovery code works once (django-otp's static device deletes it). A superuser resets a
person's authenticator from the Users list in the admin (clinic_site/admin.py).
"""

import math
import re
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .staff_sessions import is_admin_request

APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return settings.OTP_REQUIRED and user.is_authenticated and user.is_staff and not user.is_verified()


def has_app(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


class TwoFactorRequiredMiddleware:
    """Staff signed in with a password alone reach no admin page but these: setting up,
    entering a code, signing out."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_admin_request(request) and not _exempt(request) and needs_second_factor(request):
            step = "two_factor:verify" if has_app(request.user) else "two_factor:enrol"
            return redirect(f"{reverse(step)}?{_next_query(request.get_full_path())}")
        return self.get_response(request)


def _exempt(request: HttpRequest) -> bool:
    steps = ("two_factor:enrol", "two_factor:verify", "two_factor:recovery_codes", "admin:logout")
    return request.path_info in {reverse(step) for step in steps}


def _next_query(next_path: str) -> str:
    return urlencode({"next": next_path})


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A page in the admin's look with nothing of the admin in it until the code is entered."""
    context = {
        **admin.site.each_context(request),
        "has_permission": False,  # no user tools or menu: only this step
        "is_nav_sidebar_enabled": False,
        "available_apps": [],
        "next": _next_url(request),
        **context,
    }
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"  # the key and the recovery codes stay out of caches
    return response


def _signed_in_staff(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_staff


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up: scan the QR code (or type the key), then type the code the app shows."""
    if not _signed_in_staff(request):
        return redirect(reverse("admin:login"))
    if has_app(request.user):
        return redirect(f"{reverse('two_factor:verify')}?{_next_query(_next_url(request))}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            wait = _wait(device)
            if not wait and device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(request.user)
                _second_factor_done(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                return redirect(f"{reverse('two_factor:recovery_codes')}?{_next_query(_next_url(request))}")
        form.add_error("code", _refusal(wait))
    key = b32encode(device.bin_key).decode()
    context = {
        "title": "Set up sign-in codes",
        "form": form,
        "qr_svg": mark_safe(  # segno's own markup of our own otpauth: address
            segno.make(device.config_url, error="m").svg_inline(
                scale=5, dark="#000", light="#fff", omitsize=True, title="QR code to scan with your authenticator app"
            )
        ),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return _page(request, "admin/two_factor/enrol.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    """Enter your code: from the authenticator app, or one of the recovery codes."""
    if not _signed_in_staff(request):
        return redirect(reverse("admin:login"))
    if not has_app(request.user):
        return redirect(f"{reverse('two_factor:enrol')}?{_next_query(_next_url(request))}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, refusal = _check_code(request.user, form.cleaned_data["code"])
        if device is not None:
            _second_factor_done(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"You used a recovery code; {left} left. If your phone is lost, ask an administrator "
                    "to reset your authenticator, then set it up again.",
                )
            return redirect(_next_url(request))
        form.add_error("code", refusal)
    return _page(request, "admin/two_factor/verify.html", {"title": "Enter your sign-in code", "form": form})


def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once, right after setting up."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not _signed_in_staff(request) or not codes:
        return redirect(_next_url(request))
    return _page(request, "admin/two_factor/recovery_codes.html", {"title": "Your recovery codes", "codes": codes})


def _check_code(user, code: str):
    """The device that accepts `code` (app first, then recovery codes), or None and why not."""
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    devices += StaticDevice.objects.devices_for_user(user, confirmed=True)
    # After a wrong code django-otp refuses every code for 1, 2, 4... seconds: say so.
    wait = _wait(devices[0])
    if not wait:
        for device in devices:
            accepted = verify_token(user, device.persistent_id, code)
            if accepted is not None:
                return accepted, ""
    return None, _refusal(wait)


def _wait(device) -> int:
    """Seconds before `device` will check a code again (0: now)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def _refusal(wait: int) -> str:
    if wait:
        return f"Too many wrong codes. Wait {wait} seconds, then try again with the code your app shows."
    return (
        "That code is not right, or was already used. Type the 6-digit code your app shows now "
        "(it changes every 30 seconds), or one of your recovery codes."
    )


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _second_factor_done(request: HttpRequest, device) -> None:
    request.session.cycle_key()  # a new session key for the signed-in-with-both session
    otp_login(request, device)


def reset_second_factor(user) -> int:
    """Remove a person's authenticator and recovery codes: at their next admin page they set
    up again. Their signed-in sessions lose the second factor at once."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    return deleted


app_name = "two_factor"
urlpatterns = [
    path("set-up/", enrol, name="enrol"),
    path("code/", verify, name="verify"),
    path("recovery-codes/", recovery_codes, name="recovery_codes"),
]
