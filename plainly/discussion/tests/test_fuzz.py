"""Property-based tests: whatever a reader types, the renderer and the forms answer, and no
markup outside the short allowed list survives."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainly.discussion import markup
from plainly.discussion.forms import CommentForm, EditCommentForm
from plainly.discussion.tests.xss import VECTORS

# Pieces hostile text is made of, mixed with anything at all.
PIECES = st.sampled_from(
    [*VECTORS, "<", ">", "&", '"', "'", "`", "[", "](", ")", "*", "_", "> ", "- ", "1. ", "\n",
     "\n\n", "javascript:", "data:text/html,", "<!--", "-->", "&#x3C;", "\\", "http://", "mailto:"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=30).map("".join)
FUZZ = settings(max_examples=150, deadline=None)


class Markup(HTMLParser):
    """Every tag, attribute and URL in a piece of HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.urls = set(), set(), []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name == "href":
                self.urls.append(value or "")


@FUZZ
@given(HOSTILE_TEXT)
def test_rendered_comments_hold_only_the_allowed_markup(text):
    html = markup.render(text)

    found = Markup(html)
    assert found.tags <= markup.ALLOWED_TAGS
    assert found.attributes <= {("a", "href"), ("a", "rel")}
    for url in found.urls:
        assert urlsplit(url.strip()).scheme in markup.ALLOWED_URL_SCHEMES, url
    assert "<script" not in html.lower()


@FUZZ
@given(HOSTILE_TEXT)
def test_rendering_twice_is_stable_and_counting_links_never_fails(text):
    assert markup.render(text) == markup.render(text)
    assert markup.count_links(text, markup.render(text)) >= 0


FIELD_VALUES = st.one_of(HOSTILE_TEXT, st.text(), st.integers().map(str), st.just(""))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    anonymous=st.booleans(),
    data=st.fixed_dictionaries(
        {},
        optional={
            name: FIELD_VALUES for name in ["body", "parent", "name", "email", "website", "started"]
        },
    ),
)
def test_the_comment_forms_answer_any_input_with_data_or_errors(anonymous, data):
    for form in (CommentForm(data, anonymous=anonymous), EditCommentForm(data)):
        if form.is_valid():
            assert form.cleaned_data["body"].strip()
        else:
            assert all(isinstance(str(error), str) for error in form.errors.values())
