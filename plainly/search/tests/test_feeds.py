"""Atom feeds of the newest questions, site-wide and per topic."""

from xml.etree import ElementTree

import pytest

from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def entry_titles(root) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def topics():
    korea, space = make_topic(title="Korea"), make_topic(title="Space")
    make_question(korea, title="Is the Korean War over?")
    make_question(space, title="Why is the sky blue?")
    make_question(korea, title="A draft about Korea?", publish=False)
    return korea, space


def test_the_site_feed_lists_the_newest_published_questions(client, topics):
    root = feed(client, "/feeds/latest.atom")

    assert entry_titles(root) == ["Why is the sky blue?", "Is the Korean War over?"]


def test_a_topic_feed_lists_only_its_questions(client, topics):
    korea, _ = topics

    assert entry_titles(feed(client, f"/feeds/topics/{korea.slug}.atom")) == [
        "Is the Korean War over?"
    ]


def test_feeds_carry_what_atom_requires(client, topics):
    root = feed(client, "/feeds/latest.atom")

    for element in ["id", "title", "updated"]:
        assert root.find(f"{ATOM}{element}").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for element in ["id", "title", "updated", "summary"]:
            assert entry.find(f"{ATOM}{element}").text, element
        assert entry.find(f"{ATOM}link").get("href").startswith("http")


def test_pages_link_their_feeds_in_the_head(client, topics):
    korea, _ = topics
    html = client.get(korea.url).content.decode()

    assert 'type="application/atom+xml"' in html
    assert f'href="/feeds/topics/{korea.slug}.atom"' in html
    assert 'href="/feeds/latest.atom"' in html


def test_an_unknown_topic_feed_is_a_404(client):
    assert client.get("/feeds/topics/no-such-topic.atom").status_code == 404
