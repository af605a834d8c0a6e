"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy.

Pages run no inline script and load nothing from elsewhere, so the policy
(``CONTENT_SECURITY_POLICY`` in the settings) allows this site's own files and nothing more. A
template that ever needs an inline script asks for ``request.csp_nonce``, and the header then
carries that nonce. Only the editors' admin differs: its widgets set inline styles, and Wagtail's
previews are shown inside the admin, so they (and nothing else) may be framed by the site itself.

Responses made before Django runs (probes, metrics, the 413 page) carry the same headers through
``early_headers``.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware

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


def early_headers(environ) -> list[tuple[str, str]]:
    """The headers Django's middleware gives every response, for one made by a WSGI layer before
    Django runs: the same middleware (HSTS over HTTPS, nosniff, Referrer-Policy, Cross-Origin-
    Opener-Policy, the CSP, Permissions-Policy, X-Frame-Options), run on a blank response. Such
    responses run no script, so no nonce is asked for."""
    request = WSGIRequest(environ)  # reads none of the body
    response = HttpResponse()
    del response["Content-Type"]  # the layer says its own
    for middleware in (SecurityMiddleware, SecurityHeadersMiddleware, XFrameOptionsMiddleware):
        response = middleware(HttpResponse).process_response(request, response)
    return list(response.items())
