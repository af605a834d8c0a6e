"""A reader opens a demo question in a real browser, served by ``plainly serve``."""

import re
import time

import pytest
from playwright.sync_api import expect

from plainly.testing.browser import (
    UNDESCRIBED_IMAGE,
    script_errors,
    serious_violations,
    sign_in_staff,
    write_rich_text,
)

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
    # Without a description of its own, the page is described by its short answer's words.
    page.locator("#id_search_description").fill("")
    expect(preview.locator("[data-preview-description]")).to_have_text(
        re.compile(r"^Not formally\. The fighting stopped with an armistice .* at war\.$")
    )
    context.close()


@pytest.fixture
def editors_page(browser, served_site):
    """A desktop page signed in as an editor, failing the test on any script error or anything
    the admin's Content-Security-Policy refused (a widget started by an inline script is dead)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = script_errors(page)
    sign_in_staff(page, served_site, group="Editors")
    yield page
    context.close()
    assert errors == []


def test_an_editor_writes_reorders_and_publishes_a_question(
    editors_page, served_site, served_topic
):
    page = editors_page
    topic_id, topic_slug = served_topic
    page.goto(served_site.url + f"/admin/pages/add/questions/questionpage/{topic_id}/")

    page.locator("#id_title").fill("How long is the border between the two Koreas?")
    write_rich_text(page, "short_answer", "About 250 kilometres, from coast to coast.")
    page.locator("#id_key_facts_heading").fill("More about the border")
    for fact in ["It runs from coast to coast.", "It is 4 km wide.", "It was drawn in 1953."]:
        page.get_by_role("button", name="Add key fact").click()
        page.locator("[name^=key_facts-][name$=-text]:visible").last.fill(fact)
    facts = page.locator("#id_key_facts-FORMS [data-inline-panel-child]:visible")
    facts.nth(2).get_by_role("button", name="Move up").click()  # 1953 before the width
    facts.nth(0).locator("[name$=-text]").fill("It runs from the Yellow Sea to the Sea of Japan.")
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("#id_slug")).to_have_value("how-long-is-the-border-between-the-two-koreas")
    page.get_by_role("tab", name="Content").click()
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto(f"{served_site.url}/{topic_slug}/how-long-is-the-border-between-the-two-koreas/")
    expect(page.locator("#key-facts-heading + ol li")).to_have_text(
        [
            "It runs from the Yellow Sea to the Sea of Japan.",
            "It was drawn in 1953.",
            "It is 4 km wide.",
        ]
    )


def test_an_image_without_alt_text_is_not_described_by_its_file_name(
    editors_page, served_site, served_topic
):
    page = editors_page
    served_site.plainly("shell", "--no-imports", "-c", UNDESCRIBED_IMAGE)
    page.goto(served_site.url + f"/admin/pages/add/questions/questionpage/{served_topic[0]}/")

    page.locator("[data-contentpath=body]").get_by_role(
        "button", name="Insert a block"
    ).first.click()
    page.get_by_role("option", name="Image").click()
    page.get_by_role("button", name="Choose an image").click()
    page.get_by_role("link", name="IMG_2041").click()

    alt_text = page.locator("[id$=-alt_text]").first
    expect(alt_text).to_have_attribute("placeholder", re.compile("no alt text in the library"))
    expect(alt_text).to_have_value("")


SHARE_IMAGE = """
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
image = get_image_model()(title="Border at dusk {n}", description="The border fence at dusk")
image.file = get_test_image_file("border-{n}.png")
image.save()
"""


def test_an_editor_chooses_the_image_a_shared_question_shows(
    editors_page, served_site, served_topic
):
    page = editors_page
    n = time.time_ns()
    served_site.plainly("shell", "--no-imports", "-c", SHARE_IMAGE.format(n=n))
    page.goto(served_site.url + f"/admin/pages/add/questions/questionpage/{served_topic[0]}/")
    page.locator("#id_title").fill("Where does the border fence end?")
    write_rich_text(page, "short_answer", "At the sea, on both coasts.")

    page.get_by_role("tab", name="Promote").click()
    page.get_by_role("button", name="Choose an image").click()
    page.get_by_role("link", name=f"Border at dusk {n}").click()
    expect(page.locator("#id_social_image-title")).to_have_text(f"Border at dusk {n}")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto(f"{served_site.url}/{served_topic[1]}/where-does-the-border-fence-end/")
    shared = page.locator("meta[property='og:image']").get_attribute("content")
    assert f"/border-{n}." in shared and ".fill-1200x630" in shared


CONTACT_PAGE = """
from plainly.questions.models import HomePage, PlainPage
page = PlainPage(title="Contact {n}", slug="contact-{n}", body="<p>Write to us.</p>")
HomePage.objects.get(depth=2).add_child(instance=page)
page.save_revision().publish()
print(page.pk)
"""
FORGET_CONTACT_PAGE = """
from wagtail.models import Page
Page.objects.filter(pk={pk}).delete()  # its footer link goes with it
"""


def test_an_administrator_links_a_page_from_the_footer(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = script_errors(page)
    n = time.time_ns()
    made = served_site.plainly("shell", "--no-imports", "-c", CONTACT_PAGE.format(n=n))
    pk = made.stdout.strip().splitlines()[-1]
    try:
        sign_in_staff(page, served_site, superuser=True)
        page.goto(served_site.url + "/admin/settings/questions/footersettings/")
        page.get_by_role("button", name="Add link").click()
        page.locator("[data-inline-panel-child]:visible").last.get_by_role(
            "button", name="Choose a page"
        ).click()
        chooser = page.locator(".modal")
        chooser.get_by_role("textbox", name="Search").fill(f"Contact {n}")
        chooser.get_by_role("link", name=f"Contact {n}").click()
        page.locator("[name^=links-][name$=-label]:visible").last.fill("Contact us")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("Footer updated")

        page.goto(served_site.url + "/")
        link = page.get_by_role("contentinfo").get_by_role("link", name="Contact us")
        expect(link).to_have_attribute("href", f"/contact-{n}/")
    finally:
        served_site.plainly("shell", "--no-imports", "-c", FORGET_CONTACT_PAGE.format(pk=pk))
        context.close()
    assert errors == []


def test_an_editor_redirects_an_old_address_to_a_page_chosen(
    editors_page, served_site, served_topic
):
    page = editors_page
    topic_id, topic_slug = served_topic
    old = f"/old-{topic_slug}"
    page.goto(served_site.url + "/admin/redirects/add/")
    page.locator("#id_old_path").fill(old)
    page.get_by_role("button", name="Choose a page").click()
    chooser = page.locator(".modal")
    chooser.get_by_role("textbox", name="Search").fill("Borders")
    chooser.locator(f"a[data-id='{topic_id}']").first.click()
    expect(page.locator("#id_redirect_page-title")).not_to_be_empty()
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("added")

    response = page.request.get(served_site.url + old, max_redirects=0)
    assert response.status == 301
    assert response.headers["location"].endswith(f"/{topic_slug}/")


A_FACT = """
from plainly.facts.tests.factories import make_fact
fact = make_fact(measure="Border crossings {n}", qualifier="about", value=27000)
print(fact.pk)
"""
CHANGE_THE_FACT = """
from decimal import Decimal
from plainly.facts.models import Fact
fact = Fact.objects.get(pk={pk})
fact.qualifier, fact.value = "more_than", Decimal("33000")
fact.save_revision().publish()
"""
FORGET_THE_FACT = """
from plainly.facts.models import Fact
Fact.objects.filter(pk={pk}).delete()
"""


def test_an_editor_puts_a_fact_in_a_paragraph_and_the_page_follows_the_fact(
    editors_page, served_site, served_topic
):
    page = editors_page
    n = time.time_ns()
    pk = served_site.plainly("shell", "--no-imports", "-c", A_FACT.format(n=n)).stdout.split()[-1]
    try:
        page.goto(served_site.url + f"/admin/pages/add/questions/questionpage/{served_topic[0]}/")
        page.locator("#id_title").fill("How many people crossed the border?")
        write_rich_text(page, "short_answer", "Tens of thousands, nearly all southwards.")
        page.locator("[data-contentpath=body]").get_by_role(
            "button", name="Insert a block"
        ).first.click()
        page.get_by_role("option", name="Paragraph").click()
        editor = page.locator(
            "[data-contentpath=body] .Draftail-Editor [contenteditable=true]"
        ).first
        editor.click()
        page.keyboard.type("Since 1953, FIGURE people have crossed.")
        # Select the placeholder word: the fact's figure takes its place.
        editor.get_by_text("FIGURE", exact=False).wait_for()
        for _ in range(len(" people have crossed.")):
            page.keyboard.press("ArrowLeft")
        for _ in range(len("FIGURE")):
            page.keyboard.press("Shift+ArrowLeft")
        page.get_by_role("button", name=re.compile("^Fact")).click()
        chooser = page.locator(".modal")
        chooser.get_by_role("textbox", name="Search").fill(f"Border crossings {n}")
        chooser.get_by_role("link", name=re.compile(f"Border crossings {n}")).click()
        expect(editor.locator(".plainly-fact")).to_have_text("about 27,000")
        # Draftail writes its text to the form a moment after a change: publish once it has.
        stored = page.locator("input[name='body-0-value']")
        expect(stored).to_have_value(re.compile(r'"type":\s*"FACT"'), timeout=15_000)
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".messages")).to_contain_text("published")

        address = f"{served_site.url}/{served_topic[1]}/how-many-people-crossed-the-border/"
        page.goto(address)
        answer = page.locator(".answer-body p").first
        expect(answer).to_have_text("Since 1953, about 27,000 people have crossed.")

        served_site.plainly("shell", "--no-imports", "-c", CHANGE_THE_FACT.format(pk=pk))
        page.goto(address)
        expect(answer).to_have_text("Since 1953, more than 33,000 people have crossed.")
    finally:
        served_site.plainly("shell", "--no-imports", "-c", FORGET_THE_FACT.format(pk=pk))
