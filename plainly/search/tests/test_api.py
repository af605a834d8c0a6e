"""The read API: only published content, described exactly by its own OpenAPI document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from plainly.discussion.models import Comment
from plainly.discussion.tests.factories import make_comment
from plainly.questions.tests.factories import make_question, make_topic
from plainly.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    korea = make_topic(title="Korea")
    published = make_question(korea, title="Is the Korean War over?", faq=2, facts=2, sources=1)
    draft = make_question(korea, title="A secret draft?", publish=False)
    return korea, published, draft


def test_the_list_holds_only_published_questions(client, content):
    data = client.get("/api/questions/").json()

    assert [item["title"] for item in data["results"]] == ["Is the Korean War over?"]
    assert data["count"] == 1 and data["pages"] == 1


def test_a_question_comes_with_faq_key_facts_and_sources(client, content):
    _, published, _ = content

    data = client.get(f"/api/questions/{published.pk}/").json()

    assert data["title"] == "Is the Korean War over?"
    assert data["key_facts"] == ["Key fact 1.", "Key fact 2."]
    assert [item["question"] for item in data["faq"]] == ["FAQ question 1?", "FAQ question 2?"]
    assert data["sources"][0]["url"] == "https://example.org/source-1"
    assert data["topic"]["slug"] == "korea"
    assert "owner" not in data and "live" not in data


def test_a_question_comes_with_its_body_and_the_comments_readers_can_read(client, content):
    _, published, _ = content
    make_comment(published, body="First.")
    make_comment(published, body="Second.")
    make_comment(published, body="Waiting.", state=Comment.State.HELD)

    data = client.get(f"/api/questions/{published.pk}/").json()

    assert "<p>The body of question" in data["body_html"]
    assert [block["type"] for block in data["body"]] == ["paragraph", "heading", "quote"]
    assert data["body"][0]["value"].startswith("<p>The body of question")
    assert data["body"][0]["id"]
    assert data["comments"] == 2


def test_the_openapi_document_describes_the_body_and_comment_count(client):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["QuestionDetail"]

    for field in ("body_html", "body", "comments"):
        assert field in schema["required"]
        assert schema["properties"][field]["description"]


def test_a_draft_is_not_found(client, content):
    _, _, draft = content

    assert client.get(f"/api/questions/{draft.pk}/").status_code == 404


def test_questions_filter_by_topic_and_search(client, content):
    other = make_topic(title="Space")
    make_question(other, title="Why is the sky blue?")

    by_topic = client.get("/api/questions/", {"topic": "space"}).json()
    searched = client.get("/api/questions/", {"q": "korean war"}).json()
    both = client.get("/api/questions/", {"q": "sky", "topic": "korea"}).json()

    assert [item["title"] for item in by_topic["results"]] == ["Why is the sky blue?"]
    assert searched["results"][0]["title"] == "Is the Korean War over?"
    assert both["results"] == []


def test_topics_are_listed(client, content):
    assert [topic["slug"] for topic in client.get("/api/topics/").json()] == ["korea"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_bad_page_numbers_get_a_422_not_a_500(client, page):
    response = client.get("/api/questions/", {"page": page})

    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_page_past_the_end_is_empty(client, content):
    data = client.get("/api/questions/", {"page": "50"}).json()

    assert data["results"] == [] and data["count"] == 1


def test_the_openapi_document_describes_every_operation(client):
    document = client.get("/api/openapi.json").json()

    assert set(document["paths"]) == {
        "/api/questions/",
        "/api/questions/{question_id}/",
        "/api/topics/",
    }


def test_the_api_matches_its_own_openapi_document(content, keep_the_test_connection):
    """Generated requests, valid and not, never get a 500 or a reply the document does not allow."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
