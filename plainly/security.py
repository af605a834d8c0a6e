"""Security headers on every response: a strict Content-Security-Policy and a Permissions-Policy.

Pages run no inline script and load nothing from elsewhere, so the policy
(``CONTENT_SECURITY_POLICY`` in the settings) allows this site's own files and nothing more. A
template that ever needs an inline script asks for ``request.csp_nonce``, and the header then
carries that nonce. Only the editors' admin differs: Wagtail's preview shows a page inside the
admin, so admin pages (previews included) may be framed by the site itself, and its widgets set
inline styles.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

# Previews are rendered by a request of their own, for the page's path, then shown in a frame.
FRAMED_BY_ADMIN = {"frame-ancestors": [SELF]}
ADMIN_POLICY = {**FRAMED_BY_ADMIN, "style-src": [SELF, "'unsafe-inline'"]}

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
    # runs, is_preview once it reaches the page).
    return getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only:
            if is_admin(request):
                parts.replace = {**(parts.replace or {}), **ADMIN_POLICY}
            elif is_preview(request):
                parts.replace = {**(parts.replace or {}), **FRAMED_BY_ADMIN}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_admin(request) or is_preview(request):
            # Old browsers read X-Frame-Options only; new ones take frame-ancestors over it.
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response
