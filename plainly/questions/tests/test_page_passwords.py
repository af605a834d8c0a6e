"""A page behind a password: wrong guesses are limited as failed sign-ins are."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_question():
    topic = make_topic(title="Staff notes")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.PASSWORD, password="the right one"
    )
    question = make_question(topic, title="What do the staff know?")
    return question, restriction


def guess(client, question, restriction, password):
    url = f"/_util/authenticate_with_password/{restriction.pk}/{question.pk}/"
    return client.post(url, {"password": password, "return_url": question.url})


def test_the_right_password_opens_the_page(client, private_question):
    question, restriction = private_question
    assert client.get(question.url).status_code == 200
    assert "What do the staff know?" not in client.get(question.url).content.decode()

    response = guess(client, question, restriction, "the right one")

    assert response.status_code == 302
    assert "What do the staff know?" in client.get(question.url).content.decode()


def test_guessing_a_page_password_is_throttled_with_the_429_page(client, private_question):
    question, restriction = private_question
    for number in range(10):  # a minute's worth from one address
        assert guess(client, question, restriction, f"guess {number}").status_code == 200

    throttled = guess(client, question, restriction, "guess 11")
    right_but_throttled = guess(client, question, restriction, "the right one")

    assert throttled.status_code == 429
    assert "Too many attempts" in throttled.content.decode()
    assert right_but_throttled.status_code == 429
    assert "What do the staff know?" not in client.get(question.url).content.decode()


def test_a_stranger_guessing_does_not_lock_readers_out(private_question):
    question, restriction = private_question
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    for number in range(11):
        guess(stranger, question, restriction, f"guess {number}")

    reader = Client(REMOTE_ADDR="198.51.100.7")
    assert guess(reader, question, restriction, "the right one").status_code == 302


def test_guesses_from_many_addresses_are_counted_together(private_question):
    question, restriction = private_question
    for number in range(100):
        guesser = Client(REMOTE_ADDR=f"198.51.{number // 200}.{number % 200 + 1}")
        assert guess(guesser, question, restriction, f"guess {number}").status_code == 200

    another = Client(REMOTE_ADDR="203.0.113.99")
    assert guess(another, question, restriction, "guess 101").status_code == 429


def test_guessing_a_collections_password_is_throttled_too(client):
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Private papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="the right one"
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for number in range(10):
        response = client.post(url, {"password": f"guess {number}", "return_url": "/"})
        assert response.status_code == 200

    assert client.post(url, {"password": "the right one", "return_url": "/"}).status_code == 429
