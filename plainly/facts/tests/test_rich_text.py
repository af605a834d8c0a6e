"""Facts inside rich text: the figure as it is now, and what Wagtail learns of the reference."""

from plainly.facts.models import Fact
from plainly.facts.rich_text import FactLinkHandler, fact_ids_in, with_figures
from plainly.facts.tests.factories import fact
from plainly.questions.blocks import as_the_editor_saves


def shown(*facts):
    return {f.pk: f for f in facts}


def test_a_stored_fact_shows_its_figure_as_it_is_now_linked_to_its_source():
    about = fact(pk=3, qualifier="about", value=27000)
    html = '<p>Since 1953, <a linktype="fact" id="3">25,000</a> people have crossed.</p>'

    assert with_figures(html, shown(about)) == (
        f'<p>Since 1953, <a class="fact" href="{about.source_url}">about 27,000</a>'
        " people have crossed.</p>"
    )


def test_attributes_in_any_order_and_a_fact_without_a_web_source():
    unlinked = fact(pk=4, source_url="", source_accessed=None)
    html = '<p><a id="4" linktype="fact">x</a> and <a linktype="fact" id="4">y</a></p>'

    assert with_figures(html, shown(unlinked)) == (
        '<p><span class="fact">33,000</span> and <span class="fact">33,000</span></p>'
    )
    assert fact_ids_in(html) == {4}


def test_a_fact_that_is_gone_leaves_no_stale_figure():
    html = '<p>About <a linktype="fact" id="99">27,000</a> people.</p>'

    assert with_figures(html, {}) == "<p>About  people.</p>"


def test_ordinary_links_are_left_alone():
    html = (
        '<p><a linktype="page" id="3">A page</a> and <a href="https://example.org">a site</a></p>'
    )

    assert with_figures(html, shown(fact(pk=3))) == html
    assert fact_ids_in(html) == set()


def test_the_editor_keeps_a_fact_as_it_saves_a_paragraph():
    stored = '<p data-block-key="a1">About <a id="7" linktype="fact">27,000</a> people.</p>'

    assert 'linktype="fact"' in as_the_editor_saves(stored)
    assert 'id="7"' in as_the_editor_saves(stored)


def test_only_a_number_names_a_fact_for_the_reference_index():
    assert list(FactLinkHandler.extract_references({"id": "12"})) == [(Fact, "12", "", "")]
    assert list(FactLinkHandler.extract_references({"id": "javascript:x"})) == []
