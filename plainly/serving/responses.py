"""Answers the WSGI layers give themselves, before Django runs."""

from plainly.serving.security_headers import early_headers


def answer(
    environ,
    start_response,
    status: str,
    body: bytes,
    *,
    content_type: str,
    headers: tuple[tuple[str, str], ...] = (),
) -> list[bytes]:
    """A complete response that no cache may keep, with the security headers every page has.
    A HEAD request gets the headers alone."""
    start_response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *headers,
            *early_headers(environ),
        ],
    )
    return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
