"""Pages about the site itself (About, Privacy...) and the footer that links to them."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text

from plainly.accounts.tests.factories import make_staff
from plainly.questions.models import FooterLink, FooterSettings, PlainPage
from plainly.questions.tests.factories import home_page, make_plain_page, make_question
from plainly.testing.wsgi import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_in_process(keep_the_test_connection, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


def footer(path: str) -> list[tuple[str, str]]:
    """(address, text) of each link in the footer of the page at ``path``, as served."""
    status, _, content = call_wsgi(path)
    assert status == 200, path
    links = BeautifulSoup(content, "html.parser").select("footer a")
    return [(a["href"], a.get_text()) for a in links]


def link_in_footer(*pages_and_labels, site=None):
    site = site or Site.objects.get(is_default_site=True)
    settings = FooterSettings.for_site(site)
    settings.links = [
        FooterLink(page=page, label=label, sort_order=n)
        for n, (page, label) in enumerate(pages_and_labels)
    ]
    settings.save()


def test_an_editor_writes_a_plain_page_under_the_home_page(client, topic):
    client.force_login(make_staff("Erin", group="Editors"))
    home = home_page()
    form = nested_form_data(
        {
            "title": "Editorial policy",
            "slug": "editorial-policy",
            "intro": "How we choose, write and correct answers.",
            "body": rich_text("<h2>Sources</h2><p>Every figure has a <b>source</b>.</p>"),
            "action-publish": "publish",
        }
    )

    response = client.post(f"/admin/pages/add/questions/plainpage/{home.pk}/", form)

    assert response.status_code == 302
    page = PlainPage.objects.get(slug="editorial-policy")
    shown = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert shown.h1.get_text() == "Editorial policy"
    assert shown.select_one(".prose h2").get_text() == "Sources"
    assert shown.select_one(".prose b").get_text() == "source"
    assert "Last updated" in shown.select_one(".plain-page__updated").get_text()
    assert shown.select_one("link[rel=canonical]")["href"].endswith("/editorial-policy/")
    # Only the home page takes them: a topic holds questions.
    assert not PlainPage.can_create_at(topic)
    refused = client.get(f"/admin/pages/add/questions/plainpage/{topic.pk}/")
    assert (refused.status_code, refused.url) == (302, "/admin/")


@pytest.fixture
def question(topic):
    return make_question(topic)


def test_the_footer_links_the_pages_the_setting_names_in_its_order(
    served_in_process, committed, question
):
    about = make_plain_page("About this site")
    privacy = make_plain_page("Privacy notice")
    with committed():
        link_in_footer((privacy, "Privacy"), (about, ""))

    for path in ["/", question.get_parent().url, question.url, privacy.url]:
        links = footer(path)
        assert ("/privacy-notice/", "Privacy") in links, path
        assert ("/about-this-site/", "About this site") in links, path  # no label: its title
        assert links.index(("/privacy-notice/", "Privacy")) < links.index(
            ("/about-this-site/", "About this site")
        )


def test_cached_pages_follow_the_footer_and_its_pages(served_in_process, committed, question):
    about = make_plain_page("About")
    assert ("/about/", "About") not in footer(question.url)
    assert call_wsgi(question.url)[1].get("X-Cache") == "HIT"

    with committed():
        link_in_footer((about, ""))
    assert ("/about/", "About") in footer(question.url)

    with committed():
        about.title = "About us"
        about.save_revision().publish()
    assert ("/about/", "About us") in footer(question.url)

    with committed():
        about.unpublish()
    assert [label for _, label in footer(question.url)] == [
        "Home",
        "Search",
        "Corrections",
        "Sitemap",
    ]

    with committed():
        about.save_revision().publish()
        about.delete()
    assert [label for _, label in footer(question.url)] == [
        "Home",
        "Search",
        "Corrections",
        "Sitemap",
    ]
