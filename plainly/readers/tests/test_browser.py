"""'Was this helpful?' in a real browser, on a page the page cache answered."""

import json
import time

import pytest
from playwright.sync_api import expect

from plainly.testing.browser import serious_violations

pytestmark = pytest.mark.browser

QUESTION = "/korea/is-the-korean-war-over/"
VOTES = """
import json
import time
from plainly.questions.models import QuestionPage
from plainly.readers.models import Vote
page = QuestionPage.objects.get(slug="is-the-korean-war-over")
print(json.dumps([[v.helpful, v.reason, v.text] for v in Vote.objects.filter(page=page)]))
"""


def votes(site) -> list:
    return json.loads(site.plainly("shell", "-c", VOTES).stdout.strip().splitlines()[-1])


def test_a_reader_says_a_kept_page_did_not_help_and_why(served_site, browser, axe_script):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    url = served_site.url + QUESTION
    # Asked for until the page cache answers (each of the server's processes may render it
    # once, and a site that has just started purges its pages): the vote is cast on the page
    # everyone gets.
    answers, deadline = [], time.monotonic() + 30
    while not answers or answers[-1] != "HIT":
        assert time.monotonic() < deadline, answers
        answers.append(page.goto(url).headers["x-cache"])
    box = page.locator(".helpful")
    status = box.locator(".helpful__status")

    box.get_by_role("button", name="No").click()
    expect(status).to_contain_text("say what was wrong")
    expect(box.get_by_role("button", name="No")).to_be_hidden()
    # The reader is taken to the first reason, and the form asking why passes axe-core.
    expect(box.get_by_label("Information is missing")).to_be_focused()
    assert serious_violations(page, axe_script) == []
    box.get_by_label("It’s out of date").check()
    box.get_by_label("Tell us more (optional)").fill("The figure for 2024 is missing.")
    box.get_by_role("button", name="Send").click()
    expect(status).to_contain_text("the editors read every answer")

    # One vote, told why; and the reader, who is not signed in, was given no cookie for it.
    assert votes(served_site) == [[False, "out_of_date", "The figure for 2024 is missing."]]
    assert context.cookies() == []
    context.close()


ASKED = """
import json
from plainly.readers.models import Asking
print(json.dumps([[a.text, a.email] for a in Asking.objects.order_by("pk")]))
"""


def test_a_reader_who_finds_nothing_asks_and_is_offered_an_answer_by_keyboard(
    served_site, page, axe_script
):
    page.goto(served_site.url + "/search/?q=penguin+knees+zzz")
    page.get_by_role("link", name="Ask your question").click()
    page.wait_for_url("**/ask/?q=*")
    box = page.get_by_role("combobox", name="Your question")
    assert box.input_value() == "penguin knees zzz"

    box.fill("")
    box.press_sequentially("do south koreans defect", delay=30)
    listbox = page.get_by_role("listbox", name="Questions that may answer yours")
    option = listbox.get_by_role("option", name="Do many South Koreans defect to North Korea?")
    option.wait_for()
    assert serious_violations(page, axe_script) == []
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")

    page.wait_for_url("**/do-many-south-koreans-defect-to-north-korea/")


def test_a_reader_sends_a_question_from_the_end_of_a_page(served_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served_site.url + QUESTION)
    page.locator(".helpful").get_by_role("link", name="Ask it").click()
    page.wait_for_url("**/ask/")
    opened = time.monotonic()  # the form's ticket was stamped before the page arrived
    page.get_by_role("combobox", name="Your question").fill("Why do penguins not fly away?")
    page.get_by_role("combobox", name="Your question").press("Escape")
    page.get_by_label("Your email address (optional)").fill("pia@example.org")
    # People take a few seconds to write; the form is refused sooner, as a robot's would be.
    page.wait_for_timeout(max(0, (opened + 3.5 - time.monotonic()) * 1000))
    page.get_by_role("button", name="Send my question").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks for your question")
    expect(page.get_by_text("we will write to you once")).to_be_visible()
    result = served_site.plainly("shell", "-c", ASKED).stdout.strip().splitlines()[-1]
    assert json.loads(result) == [["Why do penguins not fly away?", "pia@example.org"]]
