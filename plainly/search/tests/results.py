"""Reading search results in tests: the top question's title, and a response's HTML."""

from bs4 import BeautifulSoup

from plainly.questions.tests.factories import home_page
from plainly.search.questions import search_questions


def top_title(query: str) -> str | None:
    results = list(search_questions(query, within=home_page())[:1])
    return results[0].title if results else None


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")
