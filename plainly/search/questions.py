"""Full-text search over published questions, on Wagtail's configured search backend."""

import re

from wagtail.search.backends.base import BaseSearchResults

from plainly.questions.models import QuestionPage

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """A reader's query cut to a sane length, with control characters and extra spaces removed."""
    printable = "".join(char if char.isprintable() else " " for char in raw[:MAX_QUERY_LENGTH])
    return " ".join(printable.split())


def search_terms(query: str) -> str:
    """The words of ``query`` and nothing else.

    Full-text engines give quotes, stars, colons, brackets and upper-case AND/OR/NOT/NEAR a
    meaning of their own; a reader means none of it, so only lower-cased words are passed on.
    """
    return " ".join(word.lower() for word in re.findall(r"\w+", query))


def search_questions(query: str) -> BaseSearchResults | list:
    """Published questions matching ``query``, best match first; nothing for an empty query."""
    terms = search_terms(query)
    if not terms:
        return []
    return QuestionPage.objects.published().search(terms, operator="or")
