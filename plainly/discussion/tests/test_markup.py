import pytest
from bs4 import BeautifulSoup

from plainly.discussion.markup import ALLOWED_TAGS, count_links, render
from plainly.discussion.tests.xss import payloads

CORPUS = payloads()
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def assert_inert(html: str) -> None:
    """Only the subset's tags, no attribute but a safe link, and no script anywhere."""
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name in ALLOWED_TAGS, element
        allowed = {"href", "rel"} if element.name == "a" else set()
        assert set(element.attrs) <= allowed, element
        if element.name == "a" and "href" in element.attrs:
            assert element["href"].lower().startswith(SAFE_SCHEMES), element
            assert element["rel"] == ["nofollow", "ugc", "noopener"], element


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 200


@pytest.mark.parametrize("payload", CORPUS)
def test_hostile_markup_renders_inert(payload):
    assert_inert(render(payload))


def test_the_subset_renders():
    html = render("Hello *there* and **you**\n\n> a quote\n\n- one\n- two\n\n1. first")

    assert "<em>there</em>" in html and "<strong>you</strong>" in html
    assert "<blockquote>" in html and "<ul>" in html and "<ol>" in html


def test_links_carry_nofollow_ugc_noopener():
    html = render("[a source](https://example.org/page) and <https://example.org/other>")

    links = BeautifulSoup(html, "html.parser").find_all("a")
    assert [link["href"] for link in links] == [
        "https://example.org/page",
        "https://example.org/other",
    ]
    assert all(link["rel"] == ["nofollow", "ugc", "noopener"] for link in links)


@pytest.mark.parametrize("text", ["# Heading", "`code`", "---", "<b>bold</b>"])
def test_markdown_outside_the_subset_stays_plain_text(text):
    html = render(text)

    assert BeautifulSoup(html, "html.parser").find_all(True) == BeautifulSoup(
        html, "html.parser"
    ).find_all("p")


def test_images_are_never_embedded():
    html = render("![image](https://example.org/x.png)")

    assert "<img" not in html


def test_links_are_counted_whether_written_as_markdown_or_bare():
    text = "[one](https://a.example) https://b.example www.c.example"

    assert count_links(text, render(text)) == 3
