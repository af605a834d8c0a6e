"""A question shared on social media shows an image, and the answer's images fit the screen."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from plainly.questions.models import SharingSettings
from plainly.questions.tests.factories import make_image, make_question

pytestmark = pytest.mark.django_db


def figure(image, alt: str = "A map of the border") -> dict:
    value = {"image": {"image": image.pk, "alt_text": alt, "decorative": False}, "caption": ""}
    return {"type": "image", "value": value}


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def shared(client, question) -> dict:
    page = BeautifulSoup(client.get(question.url).content, "html.parser")
    named = page.select("meta[content]")
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in named}
    documents = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    article = next(d for d in documents if d["@type"] == "Article")
    return {"og": meta.get("og:image"), "card": meta["twitter:card"], "ld": article.get("image")}


def test_a_question_shares_the_first_image_of_its_answer(client, topic):
    first, second = make_image("border"), make_image("zone")
    question = make_question(topic, body=[paragraph("Words."), figure(first), figure(second)])

    seen = shared(client, question)

    assert "/border." in seen["og"] and ".fill-1200x630" in seen["og"]
    assert seen["og"].startswith("http")
    assert seen["ld"] == [seen["og"]]
    assert seen["card"] == "summary_large_image"


def test_a_questions_own_social_image_comes_first(client, topic):
    own = make_image("own-picture")
    question = make_question(topic, body=[figure(make_image("in-body"))], social_image=own)

    assert "/own-picture." in shared(client, question)["og"]


def test_without_an_image_the_site_default_is_shared_or_none(client, topic, committed):
    question = make_question(topic, body=[paragraph("Only words.")])
    assert shared(client, question) == {"og": None, "card": "summary", "ld": None}

    site = Site.objects.get(is_default_site=True)
    with committed():  # as the settings form saves it, which purges every page
        SharingSettings.objects.create(site=site, default_image=make_image("site-default"))

    assert "/site-default." in shared(client, question)["og"]


def test_answer_images_come_in_sizes_for_the_screen_and_wait_below_the_fold(client, topic):
    question = make_question(
        topic, body=[figure(make_image("top")), paragraph("Words."), figure(make_image("low"))]
    )

    page = BeautifulSoup(client.get(question.url).content, "html.parser")
    top, low = page.select(".answer-body figure img")

    for img in (top, low):
        assert len(img["srcset"].split(",")) == 3
        assert img["sizes"] and img["width"] and img["height"]
    assert "loading" not in top.attrs  # it opens the answer: fetched at once
    assert low["loading"] == "lazy"
