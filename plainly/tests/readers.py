"""Readers of a served site, without a browser: they post comments and register as a browser
would, so that tests can run many of them at once against a server they stop and start."""

import time

import requests

from plainly.abuse import MIN_SECONDS_TO_WRITE

TIMEOUT = 10


class Reader:
    def __init__(self, site_url: str):
        self.site_url = site_url
        self.session = requests.Session()
        self.session.headers["Referer"] = site_url + "/"
        self.session.headers["Origin"] = site_url

    def form_token(self) -> dict:
        """What the discussion's script fetches before a form is sent: a CSRF token and the
        signed moment the reader started writing."""
        response = self.session.get(self.site_url + "/discussion/form-token/", timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def post_comment(self, page_id: int, body: str, token: dict, **timeout) -> requests.Response:
        """Send the comment form, as a reader without an account; a 302 means it was accepted."""
        return self.session.post(
            f"{self.site_url}/discussion/questions/{page_id}/comments/",
            {
                "csrfmiddlewaretoken": token["csrf"],
                "started": token["started"],
                "name": "Rita Reader",
                "email": "rita@example.org",
                "body": body,
            },
            allow_redirects=False,
            timeout=timeout.get("timeout", TIMEOUT),
        )

    def register(self, email: str, password: str) -> requests.Response:
        """Register as a member; a 302 (to "Check your email") means the site took it."""
        self.session.get(self.site_url + "/accounts/signup/", timeout=TIMEOUT)
        return self.session.post(
            self.site_url + "/accounts/signup/",
            {
                "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""),
                "email": email,
                "display_name": email.split("@")[0],
                "password1": password,
                "password2": password,
            },
            allow_redirects=False,
            timeout=TIMEOUT,
        )


def wait_to_write() -> None:
    """The discussion refuses a comment sent sooner after its form was opened than a person could
    write one."""
    time.sleep(MIN_SECONDS_TO_WRITE + 0.05)
