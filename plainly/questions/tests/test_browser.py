"""A reader opens a demo question in a real browser, served by ``plainly serve``."""

import re

import pytest
from playwright.sync_api import expect

from plainly.testing.browser import serious_violations, sign_in_staff

pytestmark = pytest.mark.browser

QUESTION_PATH = "/korea/do-many-south-koreans-defect-to-north-korea/"


@pytest.fixture(params=["light", "dark"])
def page(request, browser, served_site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=request.param
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, served_site):
    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def test_a_reader_sees_every_region_of_the_question(page, served_site):
    page.goto(served_site.url + QUESTION_PATH)

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Do many South Koreans defect to North Korea?"
    for region in [
        "Short answer",
        "More about North Korea",
        "Frequently asked questions",
        "Sources",
        "Related questions",
        "Discussion",
    ]:
        expect(page.get_by_role("region", name=region), region).to_be_visible()
    expect(page.locator(".byline")).to_be_visible()
    expect(page.locator(".answer-body")).to_be_visible()
    discussion = page.get_by_role("region", name="Discussion")
    expect(discussion.get_by_role("link", name="Forgot password?")).to_be_visible()
    expect(discussion.get_by_role("link", name="Sign in")).to_be_visible()
    expect(discussion.get_by_role("link", name="Register")).to_be_visible()


def test_the_question_page_has_no_serious_accessibility_violations(page, served_site, axe_script):
    page.goto(served_site.url + QUESTION_PATH)

    assert serious_violations(page, axe_script) == []


@pytest.mark.parametrize("path", ["/", "/korea/", "/search/?q=korea", "/no-such-page/"])
def test_other_pages_have_no_serious_accessibility_violations(page, served_site, axe_script, path):
    page.goto(served_site.url + path)

    assert serious_violations(page, axe_script) == []


def test_the_question_fits_a_360_pixel_phone_without_sideways_scrolling(phone, served_site):
    phone.goto(served_site.url + QUESTION_PATH)

    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    expect(phone.get_by_role("combobox", name="Search questions")).to_be_visible()


def test_a_reader_finds_a_question_from_the_home_page(page, served_site):
    page.goto(served_site.url + "/")

    page.get_by_role("link", name="North and South Korea").first.click()
    page.get_by_role("link", name="Is the Korean War over?").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Is the Korean War over?"


def test_printing_keeps_the_answer_and_drops_the_site_around_it(page, served_site):
    page.goto(served_site.url + QUESTION_PATH)
    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Short answer")).to_be_visible()
    expect(page.get_by_role("region", name="Sources")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("region", name="Discussion")).to_be_hidden()


def test_the_editors_checks_panel_reads_the_page_it_checks(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_staff(page, served_site, group="Editors")
    page.goto(served_site.url + "/korea/is-the-korean-war-over/")
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button", name="View Wagtail quick actions").click()
    userbar.get_by_role("menuitem", name="Edit this page").click()

    page.locator("[data-side-panel-toggle='checks']").click()

    words = page.locator("[data-content-word-count]")
    expect(words).to_have_text(re.compile(r"^[1-9][\d,]*$"), timeout=20_000)
    context.close()


def test_the_promote_tab_counts_the_title_tag_and_previews_the_search_result(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_staff(page, served_site, group="Editors")
    page.goto(served_site.url + "/admin/pages/search/?q=Korean+War")
    page.get_by_role("link", name="Is the Korean War over?").first.click()
    page.get_by_role("tab", name="Promote").click()

    page.locator("#id_seo_title").fill("Is the Korean War over? " + "Not formally. " * 4)
    page.locator("#id_search_description").fill("An armistice, not a peace treaty.")

    expect(page.locator("#id_seo_title-count")).to_have_text(
        "79 of about 60 characters: search engines will cut it short"
    )
    expect(page.locator("#id_search_description-count")).to_have_text("33 of about 160 characters")
    preview = page.locator("[data-search-preview]")
    expect(preview.locator("[data-preview-title]")).to_have_text(
        "Is the Korean War over? " + "Not formally. " * 3 + "Not formally."
    )
    expect(preview.locator("[data-preview-address]")).to_have_text(
        served_site.url + "/korea/is-the-korean-war-over/"
    )
    expect(preview.locator("[data-preview-description]")).to_have_text(
        "An armistice, not a peace treaty."
    )
    context.close()
