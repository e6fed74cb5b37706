"""The browser-side defences every page carries, in one place: Django's answers get them
from ``SecurityHeadersMiddleware``, published files from ``huiwen serve``
(huiwen.publish.serving) and from nginx (``huiwen nginx-conf``).

Pure Python, no Django imports: nginx_conf builds its configuration without settings.
A fixed policy by hand rather than django-csp: no page needs a nonce, a per-view policy
or report collection, so the library's machinery would only add a second way to state it.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY", "POLICY_HEADERS", "SecurityHeadersMiddleware"]

# Scripts only from our own files (no inline script, no eval): an injected <script> or
# event handler does not run even if something slipped past the sanitiser. Collected
# article images stay at their origin (the sanitiser keeps http and https <img src>).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: http:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
# A news page needs none of the powerful browser features; an injected frame or script
# gets none of them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "browsing-topics",
    )
)
POLICY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)


class SecurityHeadersMiddleware:
    """Adds the policies to every response Django makes (admin included)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in POLICY_HEADERS:
            response.headers.setdefault(name, value)
        return response
