import pytest
from bs4 import BeautifulSoup

from plainly.discussion.markup import count_links, render
from plainly.discussion.tests.xss import assert_inert, payloads

CORPUS = payloads()


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
