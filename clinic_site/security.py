import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# What a proxy says about the request it passes on; anyone else could say anything.
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies() -> list[Network]:
    """TRUSTED_PROXIES as networks (a bare address is a network of one)."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in settings.TRUSTED_PROXIES if entry.strip()]


def _is_trusted(address: str, proxies: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from our own proxy, so its forwarded headers may be believed."""
    return settings.BEHIND_PROXY and _is_trusted(request.META.get("REMOTE_ADDR", ""), trusted_proxies())


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers unless the peer is one of TRUSTED_PROXIES (and BEHIND_PROXY is
    on), before anything reads them: Django's HTTPS detection (SECURE_PROXY_SSL_HEADER), the
    client address django-axes locks out by. Someone reaching gunicorn directly can then
    neither claim HTTPS nor a new address for each guessed password."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. From a trusted proxy it is the first address in X-Forwarded-For,
    reading from the right, that is not one of our proxies: each proxy appends the address it
    saw, so entries left of that are whatever the client claimed. From anyone else it is the
    connection's address (ForwardedHeadersMiddleware has dropped the header; checked here too
    for callers that run before it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not from_trusted_proxy(request):
        return remote
    proxies = trusted_proxies()
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            return hop
    return hops[0] if hops else remote


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


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username a sign-in attempt gave, as the lockout records it: no longer than a user's
    can be (150) and without NULs, which PostgreSQL refuses; any attempt is then counted, never
    an error page."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    return None if username is None else str(username).replace("\x00", "")[:150]
