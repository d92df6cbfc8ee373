from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind the TLS proxy (BEHIND_PROXY) it is the last address in
    X-Forwarded-For, the one our proxy added: earlier ones are whatever the client claimed."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request: HttpRequest, original_response, credentials) -> HttpResponse:
    """The page staff see when sign-in is paused, in the admin's look (django-axes calls this)."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": "Too many sign-in attempts",
        "is_nav_sidebar_enabled": False,  # nobody is signed in
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff": settings.AXES_COOLOFF_TIME,
    }
    return render(request, "admin/locked_out.html", context, status=429)
