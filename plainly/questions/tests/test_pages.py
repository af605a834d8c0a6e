import datetime
import json
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plainly.facts.tests.factories import make_fact
from plainly.questions.models import Correction, KeyFact, QuestionPage
from plainly.questions.tests.factories import home_page, make_question

pytestmark = pytest.mark.django_db

# The regions of a question page, in reading order.
REGIONS_IN_ORDER = [
    "h1#question-title",
    ".byline",
    "#short-answer-heading",
    ".answer-body",
    "#key-facts-heading",
    "#faq-heading",
    "#sources-heading",
    "#related-heading",
    "#discussion-heading",
]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def json_ld(page_soup: BeautifulSoup) -> list[dict]:
    return [
        json.loads(script.string)
        for script in page_soup.find_all("script", type="application/ld+json")
    ]


@pytest.fixture
def question(topic):
    page = make_question(topic, title="Do many South Koreans defect to North Korea?", faq=3)
    make_question(topic, title="Is the Korean War over?")
    return page


def test_it_shows_every_region_of_a_question_in_reading_order(client, question):
    page = soup(client.get(question.url))

    found = [page.select_one(region) for region in REGIONS_IN_ORDER]
    assert all(found), [r for r, f in zip(REGIONS_IN_ORDER, found, strict=True) if not f]
    positions = [(element.sourceline, element.sourcepos) for element in found]
    assert positions == sorted(positions)


def test_a_readers_article_is_the_one_an_editors_preview_draws(rf, topic):
    """Readers' renders read a question's parts as plain rows; a preview draws them from the
    page's own objects, as the editor has them. A saved question's article is the same either
    way, its corrections newest first (the later correction of a day first)."""
    resettled = make_fact()
    corrections = [
        Correction(
            date=datetime.date(2026, 3, n // 2 + 1), wrong=f"Wrong {n}.", right=f"Right {n}.",
            sort_order=n,
        )
        for n in range(4)
    ]  # fmt: skip
    key_facts = [
        KeyFact(text="{fact} have resettled.", fact=resettled, sort_order=1),
        KeyFact(text="A plain key fact.", sort_order=2),
    ]
    question = make_question(topic, corrections=corrections, key_facts=key_facts)
    page = QuestionPage.objects.get(pk=question.pk)  # as a reader's route finds it
    request = rf.get(page.url)

    read = page.get_context(request)["article"]
    request.is_preview = True
    drawn = page.get_context(request)["article"]

    assert read == drawn
    assert (
        read["body"].index("Wrong 3.")
        < read["body"].index("Wrong 2.")
        < read["body"].index("Wrong 0.")
    )
    assert ">33,000</a> have resettled (as of 2023).</li><li>A plain key fact.</li>" in read["body"]


def test_it_shows_one_h1_holding_the_question(client, question):
    headings = soup(client.get(question.url)).find_all("h1")

    assert [h.get_text(strip=True) for h in headings] == [question.title]


def test_it_shows_byline_review_date_short_answer_and_body(client, question):
    page = soup(client.get(question.url))

    assert "By Test Writer" in page.select_one(".byline").get_text(" ", strip=True)
    assert page.select_one(".byline time")["datetime"] == "2026-11-01"
    assert page.select_one(".short-answer p").get_text() == question.summary
    body = page.select_one(".answer-body")
    assert body.find("h2").get_text() == "A subheading"
    assert body.find("blockquote") is not None


def test_it_lists_key_facts_faq_and_sources_in_the_editors_order(client, question):
    page = soup(client.get(question.url))

    assert page.find(id="key-facts-heading").get_text() == "More about this"
    facts = [li.get_text() for li in page.select(".key-facts__list li")]
    assert facts == ["Key fact 1.", "Key fact 2.", "Key fact 3."]
    faq = [h3.get_text() for h3 in page.select(".faq h3")]
    assert faq == ["FAQ question 1?", "FAQ question 2?", "FAQ question 3?"]
    links = [a["href"] for a in page.select(".sources a")]
    assert links == ["https://example.org/source-1", "https://example.org/source-2"]
    assert "Accessed 1 October 2026" in page.select_one(".sources").get_text(" ", strip=True)


def test_it_links_related_questions_in_the_same_topic(client, question):
    related = soup(client.get(question.url)).select(".related a")

    assert [a.get_text() for a in related] == ["Is the Korean War over?"]


def test_discussion_offers_sign_in_register_and_forgot_password(client, question):
    discussion = soup(client.get(question.url)).find(id="discussion")

    links = {a.get_text(strip=True): a["href"] for a in discussion.find_all("a")}
    assert links["Sign in"].startswith("/accounts/login/")
    assert links["Register"].startswith("/accounts/signup/")
    assert links["Forgot password?"] == "/accounts/password/reset/"


def test_json_ld_describes_the_article_and_exactly_its_faq(client, question):
    documents = json_ld(soup(client.get(question.url)))

    types = [document["@type"] for document in documents]
    assert types == ["Article", "FAQPage"]
    article, faq_page = documents
    assert article["headline"] == question.title
    assert article["description"] == question.summary
    assert article["url"] == question.full_url
    entries = [(entry["name"], entry["acceptedAnswer"]["text"]) for entry in faq_page["mainEntity"]]
    assert entries == [(f"FAQ question {n}?", f"FAQ answer {n}.") for n in (1, 2, 3)]


def test_json_ld_has_no_faq_page_when_the_question_has_no_faq(client, topic):
    question = make_question(topic, faq=0)

    documents = json_ld(soup(client.get(question.url)))

    assert [document["@type"] for document in documents] == ["Article"]
    assert soup(client.get(question.url)).find(id="faq-heading") is None


def test_json_ld_cannot_be_broken_out_of_by_page_text(client, topic):
    question = make_question(topic, title="Is </script><script>alert(1)</script> safe?")

    response = client.get(question.url)

    assert b"<script>alert(1)" not in response.content
    assert json_ld(soup(response))[0]["headline"] == question.title


def test_it_has_canonical_link_and_open_graph_tags(client, question):
    page = soup(client.get(question.url))

    assert page.find("link", rel="canonical")["href"] == question.full_url
    og = {tag["property"]: tag["content"] for tag in page.find_all("meta", property=True)}
    assert og["og:title"] == question.title
    assert og["og:type"] == "article"
    assert og["og:url"] == question.full_url
    assert og["og:description"] == question.summary


def test_a_draft_question_is_not_served(client, topic):
    draft = make_question(topic, publish=False)

    assert client.get(draft.url or f"/{topic.slug}/{draft.slug}/").status_code == 404


def test_query_count_does_not_grow_with_faq_facts_or_sources(client, topic):
    small = make_question(topic, faq=1, facts=1, sources=1)
    large = make_question(topic, faq=40, facts=40, sources=40)
    # Warm the caches (site root paths, related questions) before counting.
    client.get(small.url)
    client.get(large.url)

    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url)
    with CaptureQueriesContext(connection) as large_queries:
        client.get(large.url)

    assert len(large_queries) == len(small_queries)
    assert len(large_queries) <= 12


def count_queries(client, url: str, query: dict | None = None) -> int:
    client.get(url, query)  # Warm per-process caches (site root paths) before counting.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["home", "topic", "search"])
def test_list_pages_make_the_same_queries_for_3_or_30_questions(client, topic, url):
    questions = [make_question(topic, title=f"Korea question {n}?") for n in range(3)]
    address = {"home": home_page().url, "topic": topic.url, "search": "/search/"}[url]
    query = {"q": "korea"} if url == "search" else None
    few = count_queries(client, address, query)

    questions += [make_question(topic, title=f"Korea question {n}?") for n in range(3, 30)]
    many = count_queries(client, address, query)

    assert many == few


def test_topic_page_lists_its_questions_newest_first(client, topic):
    older = make_question(topic, title="An older question?")
    newer = make_question(topic, title="A newer question?")

    titles = [a.get_text() for a in soup(client.get(topic.url)).select(".question-card__title a")]

    assert titles == [newer.title, older.title]


def test_topic_page_paginates_and_shrugs_off_junk_page_numbers(client, topic):
    for _ in range(25):
        make_question(topic, faq=0, facts=0, sources=0)

    first = soup(client.get(topic.url))
    second = soup(client.get(topic.url, {"page": "2"}))

    assert len(first.select(".question-card")) == 20
    assert len(second.select(".question-card")) == 5
    for junk in ["abc", "-1", "99999", "1e9", "", "%00"]:
        response = client.get(topic.url, {"page": junk})
        assert response.status_code == 200, junk


def test_home_page_shows_latest_questions_topics_and_a_search_box(client, question, topic):
    page = soup(client.get(home_page().url))

    assert question.title in [a.get_text() for a in page.select(".latest a")]
    assert topic.title in [a.get_text() for a in page.select(".topics a")]
    assert page.select_one(".home form[role=search]")["action"] == "/search/"


def test_home_page_does_not_list_drafts(client, topic):
    draft = make_question(topic, title="An unpublished question?", publish=False)

    assert draft.title not in client.get(home_page().url).content.decode()


def test_sitemap_lists_every_live_question_and_no_draft(client, topic):
    live = [make_question(topic) for _ in range(3)]
    draft = make_question(topic, publish=False)

    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }

    assert {question.full_url for question in live} <= locations
    assert not any(draft.slug in location for location in locations)


def test_a_page_hidden_from_search_engines_says_noindex_and_leaves_the_sitemap(client, topic):
    shown = make_question(topic)
    hidden = make_question(topic, hide_from_search_engines=True)

    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert shown.full_url in locations
    assert hidden.full_url not in locations

    def robots(page) -> list[str]:
        soup = BeautifulSoup(client.get(page.url).content, "html.parser")
        return [meta["content"] for meta in soup.select("meta[name=robots]")]

    assert robots(hidden) == ["noindex"]
    assert robots(shown) == []


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    root_url = home_page().get_site().root_url
    assert f"Sitemap: {root_url}/sitemap.xml" in response.content.decode()
