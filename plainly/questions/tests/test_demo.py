import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from plainly.discussion.models import Comment
from plainly.discussion.retention import ADDRESSES_KEPT
from plainly.facts.models import Fact
from plainly.questions.demo import load_demo_site
from plainly.questions.models import FooterSettings, QuestionPage, TopicPage

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "pages": sorted(Page.objects.values_list("url_path", flat=True)),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "comments": Comment.objects.count(),
    }


def test_demo_loads_topics_and_complete_questions(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", no_serve=True)

    assert TopicPage.objects.live().count() >= 3
    questions = QuestionPage.objects.live()
    assert questions.count() >= 8
    for question in questions:
        assert question.short_answer, question.title
        assert len(question.body) > 0, question.title
        assert question.key_facts_heading and question.key_facts.count() >= 3, question.title
        assert question.faq_items.count() >= 3, question.title
        assert question.sources.count() >= 1, question.title
    assert questions.filter(title="Do many South Koreans defect to North Korea?").exists()


def test_demo_run_twice_changes_nothing_and_duplicates_nothing(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", no_serve=True)
    first = snapshot()

    call_command("demo", no_serve=True)

    assert snapshot() == first
    assert len(first["pages"]) == len(set(first["pages"]))
    assert first["comments"] > 0


def test_demo_creates_an_admin_and_prints_the_same_credentials_each_run(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("demo", no_serve=True)
    first_output = capsys.readouterr().out
    call_command("demo", no_serve=True)
    second_output = capsys.readouterr().out

    password = (tmp_path / "demo-admin-password").read_text()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert f"password: {password}" in first_output
    assert f"password: {password}" in second_output
    # An editor and a writer, to try the editorial review with.
    for username, group in [("editor", "Editors"), ("writer", "Writers")]:
        password = (tmp_path / f"demo-{username}-password").read_text()
        person = get_user_model().objects.get(username=username)
        assert person.groups.filter(name=group).exists() and not person.is_superuser
        assert person.check_password(password)
        assert f"password: {password}" in first_output
        assert f"password: {password}" in second_output
        assert f"`plainly demo --code {username}`" in first_output


def test_demo_pages_render(client):
    load_demo_site()

    for page in Page.objects.live().specific():
        if page.depth > 1:
            assert client.get(page.url).status_code == 200, page.url


def test_second_load_reports_every_page_as_already_present():
    first = load_demo_site()

    second = load_demo_site()

    assert second.created == []
    assert sorted(second.unchanged) == sorted(first.created)


def test_the_demo_footer_links_about_and_a_privacy_page_that_says_what_is_kept(client):
    load_demo_site()

    home = BeautifulSoup(client.get("/").content, "html.parser")
    footer = {a.get_text(): a["href"] for a in home.select("footer a")}
    assert footer["About"] == "/about/" and footer["Privacy"] == "/privacy/"
    privacy = BeautifulSoup(client.get("/privacy/").content, "html.parser")
    headings = [h.get_text() for h in privacy.select(".prose h2")]
    assert headings[:5] == [
        "If you only read",
        "If you create an account",
        "If you comment",
        "If you ask a question",
        "Your network address",
    ]
    text = privacy.get_text(" ")
    for cookie in ("sessionid", "csrftoken", "messages"):
        assert cookie in text
    assert f"deleted after {ADDRESSES_KEPT.days} days" in text


def test_the_demo_leaves_a_footer_the_operator_changed_alone(client):
    load_demo_site()
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.links.filter(label="About").delete()

    load_demo_site()

    assert [link.label for link in footer.links.all()] == ["Privacy"]


def test_the_north_korea_pages_figures_are_sourced_dated_facts(client):
    load_demo_site()
    question = QuestionPage.objects.get(slug="do-many-south-koreans-defect-to-north-korea")

    page = BeautifulSoup(client.get(question.url).content, "html.parser")

    items = page.select("#key-facts-heading + ol li")
    assert len(items) == 5
    assert all(item.select_one(".fact") and "(as of " in item.get_text() for item in items)
    first = " ".join(items[0].get_text().split())
    assert first.startswith("More than 33,000 North Koreans have resettled in South Korea")
    in_body = [" ".join(f.get_text().split()) for f in page.select(".answer-body .fact")]
    # The site writes British English: CLDR names the dollar "US$" there.
    assert in_body == ["more than 33,000", "about US$620", "about US$29,000", "about 100,000"]
    assert all(link["href"].startswith("https://") for link in page.select(".answer-body a.fact"))
    sources = page.select(".sources__list li")
    assert any("World Factbook: North Korea" in s.get_text() for s in sources)
    in_short = [" ".join(f.get_text().split()) for f in page.select(".short-answer .fact")]
    assert in_short == ["fewer than five", "more than 33,000"]
    in_faq = [" ".join(f.get_text().split()) for f in page.select(".faq__answer .fact")]
    assert in_faq == ["about 3 months"]
    assert Fact.objects.filter(live=True).count() == 7
