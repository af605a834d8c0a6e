"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy.

Pages run no inline script and load nothing from elsewhere, so the policy
(``CONTENT_SECURITY_POLICY`` in the settings) allows this site's own files and nothing more. A
template that ever needs an inline script asks for ``request.csp_nonce``, and the header then
carries that nonce. Only the editors' admin differs: its widgets set inline styles, and Wagtail's
previews are shown inside the admin, so they (and nothing else) may be framed by the site itself.

Responses made before Django runs (probes, metrics, the 413 page) carry the same headers through
``early_headers``.
"""

import functools

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings

# Previews are rendered by a request of their own, for the page's path, then shown in a frame.
FRAMED_BY_ADMIN = {"frame-ancestors": [SELF]}
ADMIN_POLICY = {"style-src": [SELF, "'unsafe-inline'"]}

# Features no page of the site uses; no script, ours or injected, may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def is_admin(request) -> bool:
    return request.path_info.startswith("/admin/")


def is_preview(request) -> bool:
    # Wagtail marks the request it makes to render a preview (is_dummy before the middleware
    # runs, is_preview once it reaches the page); the admin's preview views all end in preview/.
    return (
        getattr(request, "is_dummy", False)
        or getattr(request, "is_preview", False)
        or (is_admin(request) and "/preview/" in request.path_info)
    )


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only:
            if is_admin(request):
                parts.replace = {**(parts.replace or {}), **ADMIN_POLICY}
            if is_preview(request):
                parts.replace = {**(parts.replace or {}), **FRAMED_BY_ADMIN}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_preview(request):
            # Old browsers read X-Frame-Options only; new ones take frame-ancestors over it.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response


@functools.cache
def _early_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    headers = [
        ("Content-Security-Policy", build_policy()),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("X-Frame-Options", "DENY"),
    ]
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return tuple(headers)


def early_headers(environ) -> list[tuple[str, str]]:
    """The headers Django's middleware would add, for a response made by a WSGI layer before it
    (no nonce: such responses run no script). HSTS goes only over HTTPS, as Django sends it."""
    proxy = settings.SECURE_PROXY_SSL_HEADER
    secure = environ.get("wsgi.url_scheme") == "https" or bool(
        proxy and environ.get(proxy[0], "").split(",")[0].strip() == proxy[1]
    )
    return list(_early_headers(secure))
