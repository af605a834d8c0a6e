"""Full-text search over published questions, on Wagtail's configured search backend."""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page
from wagtail.search.backends.base import BaseSearchResults

from plainly.questions.models import QuestionPage
from plainly.search import fulltext
from plainly.search.fulltext import RankedQuestions

MAX_QUERY_LENGTH = 200
SUGGESTIONS = 8
_WORD = re.compile(r"\w+")
# Words too common to count as a match worth marking.
# fmt: off
STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "did", "for", "from",
    "how", "i", "if", "in", "is", "it", "its", "many", "much", "of", "on", "or", "so", "than",
    "that", "the", "their", "there", "this", "to", "was", "we", "what", "when", "where", "which",
    "who", "why", "will", "with", "you", "your",
))
# What a search leaves out of a query with other words: those above, and the rest of
# PostgreSQL's English stop list (Snowball's), which its index does not hold. A search for every
# word must not require one the index cannot have ("can't" gives "t").
SEARCH_STOPWORDS = STOPWORDS | frozenset((
    "about", "above", "after", "again", "against", "all", "am", "any", "because", "been", "before",
    "being", "below", "between", "both", "but", "doing", "don", "down", "during", "each", "few",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "into", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
    "not", "now", "off", "once", "only", "other", "our", "ours", "ourselves", "out", "over", "own",
    "s", "same", "she", "should", "some", "such", "t", "theirs", "them", "themselves", "then",
    "these", "they", "those", "through", "too", "under", "until", "up", "very", "were", "while",
    "whom", "yours", "yourself", "yourselves",
))
# fmt: on


def clean_query(raw: str) -> str:
    """A reader's query cut to a sane length, with control characters and extra spaces removed."""
    printable = "".join(char if char.isprintable() else " " for char in raw[:MAX_QUERY_LENGTH])
    return " ".join(printable.split())


def search_terms(query: str) -> str:
    """The words of ``query`` and nothing else.

    Full-text engines give quotes, stars, colons, brackets and upper-case AND/OR/NOT/NEAR a
    meaning of their own; a reader means none of it, so only lower-cased words are passed on.
    """
    return " ".join(word.lower() for word in _WORD.findall(query))


def search_questions(
    query: str, *, within: Page | None, titles_only: bool = False, any_word: bool = False
) -> RankedQuestions | BaseSearchResults | list:
    """Published questions under ``within`` (a site's home page, or a topic) matching ``query``,
    best match first; nothing for an empty query. ``None`` searches every site of the
    installation: no reader's search may, or one site would show another's questions.

    The questions that have every word of the query, if there are any; otherwise (or with
    ``any_word``) those that have any of them. Every word narrows the search as a reader
    expects, and ranks far fewer pages than any word does, which on a large site makes a
    search of common words many times cheaper. ``every_word`` on what is returned says which.
    """
    terms = search_terms(query)
    if not terms:
        return []
    # Words such as "is" or "the" are in every page: matching them ranks the whole site, slowly,
    # for nothing, and the index may not hold them at all. They count only when the query has
    # no other word.
    words = terms.split()
    words = [word for word in words if word not in SEARCH_STOPWORDS] or words
    narrow_first = len(words) > 1 and not any_word
    if fulltext.supported():
        scope = {"under": within.path if within else "", "titles_only": titles_only}
        if narrow_first:
            every = RankedQuestions(words, every_word=True, **scope)
            if every.count():
                return every
        return RankedQuestions(words, every_word=len(words) == 1, **scope)
    # A search engine (PLAINLY_SEARCH_URL), asked the same as the database is above.
    questions = QuestionPage.objects.published()
    if within is not None:
        questions = questions.descendant_of(within)
    fields = ["title"] if titles_only else None
    if narrow_first:
        every = questions.search(" ".join(words), operator="and", fields=fields)
        if every.count():
            every.every_word = True
            return every
    found = questions.search(" ".join(words), operator="or", fields=fields)
    found.every_word = len(words) == 1
    return found


def suggest(query: str, *, within: Page, limit: int = SUGGESTIONS) -> list[QuestionPage]:
    """Questions under ``within`` (a site's home page) whose titles start the way the reader's
    words do, for type-ahead."""
    terms = search_terms(query)
    if not terms:
        return []
    questions = QuestionPage.objects.published().descendant_of(within)
    return list(questions.autocomplete(terms, fields=["title"])[:limit])


def highlight(text: str, query: str) -> SafeString:
    """``text``, escaped, with the words of ``query`` marked."""
    pattern = _marker(query)
    if pattern is None:
        return escape(text)
    marked, position = [], 0
    for match in pattern.finditer(text):
        marked.append(escape(text[position : match.start()]))
        marked.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    marked.append(escape(text[position:]))
    return mark_safe("".join(marked))  # noqa: S308 - every piece above is escaped


@functools.lru_cache(maxsize=64)
def _marker(query: str) -> re.Pattern | None:
    """What ``highlight`` marks for ``query``: each result's title and answer ask again."""
    words = {word for word in search_terms(query).split() if word not in STOPWORDS}
    if not words:
        return None
    # Prefixes match too: a search for "defect" marks "defectors".
    return re.compile(
        r"\b("
        + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        + r")\w*",
        re.IGNORECASE,
    )
