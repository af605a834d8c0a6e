"""Every form of the site, the admin's included, sent empty, cut short or malformed: each answer
is a page (the form again, a 4xx, a redirect), never a server error.

The URLs are read from the site's own URL configuration, so a form added later is covered too.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page, Site

from plainly.accounts.tests.factories import make_member, make_staff
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

BOUNDARY = "x" * 16
BODIES = [
    ("application/x-www-form-urlencoded", b""),
    ("application/x-www-form-urlencoded", b"a=%ZZ&=&\x00=\xff&body-count=nine&csrfmiddlewaretoken"),
    (f"multipart/form-data; boundary={BOUNDARY}", b""),
    (
        f"multipart/form-data; boundary={BOUNDARY}",
        f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\ncut short".encode(),
    ),
    (
        f"multipart/form-data; boundary={BOUNDARY}",
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files[]"; filename="a.png"\r\n'
        f"Content-Type: image/png\r\n\r\nnot an image\r\n--{BOUNDARY}--\r\n".encode(),
    ),
]
# Wagtail's page-serving route takes any path: a question's address stands for it.
SERVE_ROUTE = r"^((?:[\w\-]+/)*)$"
# Wagtail's own test of the admin's error page: it fails on purpose, for admins only.
ERROR_TEST_ROUTE = "admin/failwhale/"


def routes(patterns=None, prefix: str = ""):
    """Every route of the site as text: ``admin/pages/<int:page_id>/edit/`` and the like."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


class World:
    """The things a route's arguments can name, made again if a route deleted one of them."""

    def __init__(self):
        self.topic = make_topic(title="Korea")
        self.question = make_question(self.topic, title="Is the Korean War over?")
        self.comment = make_comment(self.question, body="A comment to act on.")
        self.member = make_member(f"Mem{Page.objects.count()}")
        self.admin = make_staff(f"Ada{Page.objects.count()}", superuser=True)
        self.group = Group.objects.create(name=f"Group {Page.objects.count()}")
        # Routes that delete a site get one of their own: the site under test must stay.
        self.site = Site.objects.create(
            hostname=f"other{Page.objects.count()}.example", root_page=self.topic
        )

    def intact(self) -> bool:
        return Page.objects.filter(pk=self.question.pk).exists() and all(
            type(thing).objects.filter(pk=thing.pk).exists()
            for thing in (self.comment, self.member, self.admin, self.group, self.site)
        )

    def value(self, route: str, name: str) -> str:
        """What a route's argument is given: something that exists where it can be."""
        snippet = "snippets/" in route
        settings = "settings/" in route
        words = {
            "app_label": "discussion" if snippet else "questions",
            "app_name": "discussion" if settings else "questions",
            "model_name": "comment"
            if snippet
            else ("discussionsettings" if settings else "questionpage"),
            "content_type_app_name": "questions",
            "content_type_model_name": "questionpage",
            "action_name": "publish",
            "action": "publish",
            "filter_spec": "fill-10x10",
            "token": "not-a-token",
            "uidb64": "MQ",
            "key": "not-a-key",
            "uidb36": "1",
            "slug": "korea",
        }
        if name in words:
            return words[name]
        if name in {"parent_page_id", "destination_id"}:
            return str(self.topic.pk)
        if name == "comment_id" or snippet:
            return str(self.comment.pk)
        if "users/" in route:
            return str(self.member.pk)
        if "groups/" in route:
            return str(self.group.pk)
        if "sites/" in route or settings:
            return str(self.site.pk)
        return str(self.question.pk)

    def url(self, route: str) -> str:
        if route == SERVE_ROUTE:
            return self.question.url
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: self.value(route, m.group(1)), route)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: self.value(route, m.group(1)), path)
        path = path.replace(r"(\d+)", "1").replace("(.*)", "x").replace("^", "").replace("$", "")
        return "/" + path


def send_every_body(client: Client, url: str) -> list[str]:
    failures = []
    for content_type, body in BODIES:
        response = client.generic("POST", url, body, content_type=content_type)
        if response.status_code >= 500:
            failures.append(f"{url} ({content_type}, {body[:30]!r}): {response.status_code}")
    return failures


def test_every_admin_form_refuses_bad_submissions_cleanly():
    admin_routes = sorted(
        route for route in routes() if route.startswith("admin/") and route != ERROR_TEST_ROUTE
    )
    assert len(admin_routes) > 150  # the whole admin, not a part of it
    world, failures = World(), []
    for route in admin_routes:
        if not world.intact():
            world = World()
        client = Client(raise_request_exception=False)
        client.force_login(world.admin)
        failures += send_every_body(client, world.url(route))
    assert failures == [], "\n".join(failures)


def test_every_public_and_member_form_refuses_bad_submissions_cleanly():
    site_routes = sorted(route for route in routes() if not route.startswith("admin/"))
    world, failures = World(), []
    for route in site_routes:
        for signed_in in (False, True):
            if not world.intact():
                world = World()
            client = Client(raise_request_exception=False)
            if signed_in:
                client.force_login(world.member)
            failures += send_every_body(client, world.url(route))
    assert failures == [], "\n".join(failures)


def test_a_page_edit_the_editor_cannot_read_is_refused_and_saves_nothing(caplog):
    world = World()
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)
    before = world.question.latest_revision_id

    response = client.post(
        f"/admin/pages/{world.question.pk}/edit/", {"title": "Changed", "body-count": "nine"}
    )

    assert response.status_code == 400
    assert 'class="error-page"' in response.text  # the site's own page
    world.question.refresh_from_db()
    assert (world.question.title, world.question.latest_revision_id) == (
        "Is the Korean War over?",
        before,
    )
    # The operator can still see what went wrong.
    assert any("could not be read" in r.getMessage() for r in caplog.records)
