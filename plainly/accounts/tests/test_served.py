"""Limits that must hold across the server's worker processes, tried against a real server."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request


def failed_sign_in(site, address: str) -> int:
    """One wrong password from a fresh browser, over a new connection; the status it got."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = browser.open(site.url + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": address, "password": "a wrong guess"}
    ).encode()
    request = urllib.request.Request(
        site.url + "/accounts/login/", data=data, headers={"Referer": site.url + "/"}
    )
    try:
        return browser.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


def test_failed_sign_ins_are_counted_across_the_servers_processes(served_site):
    # One address only: every request comes from 127.0.0.1, which has a per-minute limit too.
    statuses = [failed_sign_in(served_site, "no-such-member@example.org") for _ in range(6)]

    assert statuses == [200] * 5 + [429]
