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
