"""Unknown pages, junk input and server errors get a page in the site's style, never a bare 500."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


def test_an_unknown_url_gets_the_styled_404(client):
    response = client.get("/no/such/question/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert 'class="site-header"' in html
    assert 'role="search"' in html


def test_the_500_page_is_styled_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "plainly/site" in response.content.decode()


@pytest.mark.urls("plainly.tests.urls_failing")
def test_a_failing_view_gives_the_reader_the_styled_500(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.urls("plainly.tests.urls_failing")
def test_an_unreachable_database_gives_a_styled_503_to_try_again_later(client):
    client.raise_request_exception = False

    response = client.get("/database-away/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "try again later" in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "'; DROP TABLE wagtailcore_page; --"},
        {"page": "9" * 400},
        {"q": "\x00\x01\x02"},
        {"utm_source": "x" * 5000},
        {"page": ["1", "2", "x"]},
    ],
)
def test_junk_query_strings_never_give_a_500(client, query):
    topic = make_topic()
    question = make_question(topic)

    for url in ["/", topic.url, question.url, "/search/", "/sitemap.xml", "/robots.txt"]:
        assert client.get(url, query).status_code == 200, url


@pytest.mark.parametrize(
    "path", ["/%ff%fe/", "/..%2f..%2fetc/passwd", "/" + "a" * 3000 + "/", "/search/%00"]
)
def test_junk_paths_get_a_404_not_a_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_HOST": "evil.example.com"},
        {"HTTP_HOST": "127.0.0.1:8000:9"},
        {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
        {"HTTP_COOKIE": "sessionid=\x00garbage; csrftoken=" + "z" * 4000},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday-ish"},
        {"HTTP_USER_AGENT": "\u202e" * 100},
        {"HTTP_X_FORWARDED_PROTO": "gopher"},
    ],
)
def test_junk_headers_never_give_a_500(client, headers):
    make_question(make_topic())

    response = client.get("/", **headers)

    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert "We couldn’t understand that request" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_the_styled_403():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.c"})

    assert response.status_code == 403
    assert "You can’t open this page" in response.content.decode()
