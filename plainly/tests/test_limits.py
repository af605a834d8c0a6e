"""Oversized request bodies are refused with 413 before they are read; normal ones pass."""

import http.client
import io
from urllib.parse import urlsplit

import pytest

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.serving.body_limit import ADMIN_LIMIT, SITE_LIMIT
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


class Unread(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def post(path: str, length, body=None, cookie: str = "") -> tuple[int, dict, str]:
    status, headers, content = call_wsgi(
        path,
        method="POST",
        body=body if body is not None else Unread(),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **({"HTTP_COOKIE": cookie} if cookie else {}),
    )
    return status, headers, content.decode()


@pytest.mark.parametrize("path", ["/discussion/post/1/", "/accounts/login/", "/search/"])
def test_a_body_over_the_sites_limit_gets_413_unread(path):
    status, headers, content = post(path, SITE_LIMIT + 1)

    assert status == 413
    assert headers["Connection"] == "close"
    assert "That was too large to send" in content
    assert 'class="error-page"' in content  # the site's own page, not a bare error


def test_the_admin_takes_uploads_up_to_its_own_limit_from_those_signed_in(
    client, keep_the_test_connection, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    client.force_login(make_staff("Eddie", group="Editors"))
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    body = io.BytesIO(b"x" * (SITE_LIMIT + 1))
    status, _headers, _content = post("/admin/images/multiple/add/", SITE_LIMIT + 1, body, session)
    assert status != 413

    assert post("/admin/images/multiple/add/", ADMIN_LIMIT + 1, cookie=session)[0] == 413


def test_a_member_who_is_not_staff_sends_the_admin_no_more_than_the_site(
    client, keep_the_test_connection, settings
):
    settings.ALLOWED_HOSTS = ["localhost"]
    client.force_login(make_member("Alice"))
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    assert post("/admin/images/multiple/add/", SITE_LIMIT + 1, cookie=session)[0] == 413


@pytest.mark.parametrize("cookie", ["", "sessionid=made-up-by-the-client"])
def test_the_admin_takes_no_more_than_the_site_before_sign_in(cookie, keep_the_test_connection):
    status, _headers, content = post("/admin/images/multiple/add/", SITE_LIMIT + 1, cookie=cookie)

    assert status == 413
    assert "That was too large to send" in content


def test_a_malformed_length_is_no_body_as_for_django(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    assert post("/search/", "lots", io.BytesIO(b""))[0] != 413


# Through granian, as a client would send it.
def test_the_served_site_refuses_a_large_comment_with_413(served_site):
    # Only the headers are sent: the answer comes before any of the body, which is the point.
    # (A client that sent the whole body first could meet a closed connection halfway.)
    address = urlsplit(served_site.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("POST", "/accounts/login/")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(SITE_LIMIT + 1))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413
        assert "too large" in response.read().decode()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\ncut"),
        ("multipart/form-data; boundary=x", b"\x00\xff" * 500),
        ("multipart/form-data; boundary=" + "b" * 300, b"--" + b"b" * 300),
    ],
)
def test_malformed_multipart_is_refused_cleanly(client, content_type, body):
    from plainly.accounts.models import User

    members = User.objects.count()
    for path in ["/accounts/login/", "/accounts/signup/", "/search/"]:
        response = client.generic("POST", path, body, content_type=content_type)
        # Refused as a bad request, or read as an empty form and shown again with its errors.
        assert response.status_code in {200, 400, 405}, (path, response.status_code)
        if response.status_code == 400:
            assert 'class="error-page"' in response.text  # the site's own page
    assert User.objects.count() == members
