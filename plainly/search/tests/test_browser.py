"""A reader finds a question from the header's search box, by keyboard alone."""

import pytest

from plainly.testing.browser import serious_violations

pytestmark = pytest.mark.browser


def test_type_pick_a_suggestion_with_the_keyboard_and_land_on_the_question(page, served_site):
    page.goto(served_site.url + "/")
    box = page.get_by_role("combobox", name="Search questions")

    box.press_sequentially("astro", delay=50)
    listbox = page.get_by_role("listbox", name="Suggested questions")
    option = listbox.get_by_role(
        "option", name="Why do astronauts float if there is gravity in space?"
    )
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")

    page.wait_for_url("**/why-do-astronauts-float-if-there-is-gravity-in-space/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Why do astronauts float if there is gravity in space?"
    )


def test_a_choice_survives_suggestions_for_more_letters_arriving_after_it(page, served_site):
    # The suggestions for "astro" are held back until the reader has chosen from those for
    # "astr", as on a slow connection.
    held = []

    def hold(route):
        held.append(route)

    page.route("**/search/suggest/?q=astro", hold)
    page.goto(served_site.url + "/")
    box = page.get_by_role("combobox", name="Search questions")
    question = "Why do astronauts float if there is gravity in space?"
    option = page.get_by_role("listbox").get_by_role("option", name=question)

    box.press_sequentially("astr", delay=50)
    option.wait_for()
    box.press_sequentially("o")
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    option.evaluate("element => { element.dataset.shownBefore = 'yes'; }")
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_function("() => !document.querySelector('[data-shown-before]')")  # list redrawn

    option.wait_for()
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/why-do-astronauts-float-if-there-is-gravity-in-space/")


def test_escape_closes_the_suggestions_and_enter_searches(page, served_site):
    page.goto(served_site.url + "/")
    box = page.get_by_role("combobox", name="Search questions")
    box.press_sequentially("korea", delay=50)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")

    page.wait_for_url(lambda url: url.endswith("/search/?q=korea"))
    assert page.locator(".search-results mark").first.inner_text().lower().startswith("korea")


def test_the_search_page_with_suggestions_open_is_accessible(page, served_site, axe_script):
    page.goto(served_site.url + "/search/?q=korea")
    box = page.get_by_role("combobox", name="Search questions")
    box.fill("")
    box.press_sequentially("kor", delay=50)
    page.get_by_role("listbox").get_by_role("option").first.wait_for()

    assert serious_violations(page, axe_script) == []
