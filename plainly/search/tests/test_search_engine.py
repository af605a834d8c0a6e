"""With PLAINLY_SEARCH_URL, questions are searched by OpenSearch or Elasticsearch. No engine can
run here: these tests read the queries Wagtail's backend sends to one, through the real client,
whose requests are caught before they would leave the machine."""

import json

import pytest
from elasticsearch import Elasticsearch

from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.search.questions import search_questions

pytestmark = pytest.mark.django_db

ENGINE = {
    "BACKEND": "wagtail.search.backends.elasticsearch8",
    "URLS": ["http://127.0.0.1:9"],
    "INDEX": "plainly-test",
    "AUTO_UPDATE": False,
}


@pytest.fixture
def sent(settings, monkeypatch) -> list[dict]:
    """The searches and counts the engine is asked for, each answered with no hits."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": ENGINE}
    asked = []

    def search(self, **request):
        asked.append(request)
        return {"hits": {"hits": [], "total": {"value": 0, "relation": "eq"}}}

    def count(self, **request):
        asked.append(request)
        return {"count": 0}

    monkeypatch.setattr(Elasticsearch, "search", search)
    monkeypatch.setattr(Elasticsearch, "count", count)
    return asked


def queried_fields(request: dict) -> set[str]:
    """The document fields a search or count request matches its words against (its filters,
    on content type and live, left out)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("match", "multi_match") and isinstance(value, dict):
                    found.update(value.get("fields", [name for name in value if name != "query"]))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    query = request.get("query") or request.get("body", {}).get("query", {})
    walk(query.get("bool", {}).get("must", query))
    return {field.split("^")[0] for field in found}


def test_titles_only_asks_the_engine_to_match_titles_only(sent):
    list(search_questions("korean border", within=None, titles_only=True))

    assert sent, "the engine was asked nothing"
    for request in sent:
        fields = queried_fields(request)
        assert fields and all("title" in field for field in fields), json.dumps(request)


def test_a_full_search_asks_the_engine_to_match_every_field(sent):
    list(search_questions("korean border", within=None))

    assert any("_all_text" in queried_fields(request) for request in sent)


def test_a_search_in_a_topic_asks_the_engine_for_that_topic_alone(sent):
    topic = make_topic(title="Korea")
    make_question(topic)

    list(search_questions("korean border", within=topic))

    assert all(topic.path in json.dumps(request) for request in sent)


def test_a_sites_search_asks_the_engine_for_that_sites_pages_alone(sent):
    home = home_page()

    list(search_questions("korean border", within=home))

    assert sent and all(home.path in json.dumps(request) for request in sent)
