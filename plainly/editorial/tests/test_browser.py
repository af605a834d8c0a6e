"""The editorial process in a real browser on a served site: a writer's question reaches readers
only through an editor's approval, and an editor's review shows on the page and in the report."""

import datetime
import time

import pytest
from playwright.sync_api import expect

from plainly.testing.browser import script_errors, sign_in_staff, write_rich_text
from plainly.testing.mail import body_of, links_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_page(browser, served_site):
    """A new desktop tab of its own for each member of staff the test signs in, failing the
    test on any script error or anything the admin's Content-Security-Policy refused."""
    contexts, errors = [], []

    def open_tab():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        errors.append(script_errors(tab))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert [error for each in errors for error in each] == []


def test_a_writers_question_goes_live_when_an_editor_approves_it(
    staff_page, served_site, served_topic, smtp_server
):
    topic_id, topic_slug = served_topic
    title = f"Where do defectors first live {time.time_ns()}?"
    address = f"{served_site.url}/{topic_slug}/{title.lower().replace(' ', '-').rstrip('?')}/"

    writer = staff_page()
    writer_name = sign_in_staff(writer, served_site, group="Writers")
    writer.goto(served_site.url + f"/admin/pages/add/questions/questionpage/{topic_id}/")
    writer.locator("#id_title").fill(title)
    write_rich_text(writer, "short_answer", "At Hanawon, a resettlement centre, for 12 weeks.")
    writer.locator("footer [data-w-dropdown-target='toggle']").first.click()
    expect(writer.get_by_role("button", name="Publish")).to_have_count(0)  # not theirs to do
    writer.get_by_role("button", name="Submit to Editorial review").click()
    expect(writer.locator(".messages")).to_contain_text("submitted")
    assert writer.request.get(address).status == 404  # not live until approved

    editor = staff_page()
    sign_in_staff(editor, served_site, group="Editors")
    editor.goto(served_site.url + "/admin/")
    awaiting = editor.locator("section", has_text="Awaiting your review")
    awaiting.get_by_role("link", name=title).first.click()
    expect(editor.locator("#id_title")).to_have_value(title)
    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    # The reviewer sees the page's fact checks before deciding: here, a figure bound to no fact.
    expect(editor.get_by_text("Fact checks of the last saved version")).to_be_visible()
    expect(editor.get_by_text("“12” is bound to no fact")).to_be_visible()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text(title)

    (mail,) = smtp_server.wait_for(f"{writer_name}@example.org")
    assert mail["Subject"] == f"Approved: {title}"
    assert address in links_in(mail)
    assert "It is live" in body_of(mail)
    reader = staff_page()
    reader.goto(address)
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)


DUE_QUESTION = """
import datetime
from plainly.questions.models import QuestionPage, TopicPage
question = QuestionPage(
    title="{title}",
    slug="{slug}",
    short_answer="<p>An armistice, not a peace treaty.</p>",
    last_reviewed=datetime.date(2021, 3, 1),
)
TopicPage.objects.get(pk={topic}).add_child(instance=question)
question.save_revision().publish()
"""


def test_an_editor_marks_a_question_reviewed_and_the_page_and_report_follow(
    staff_page, served_site, served_topic
):
    topic_id, topic_slug = served_topic
    n = time.time_ns()
    title, slug = f"Is the Korean War over {n}?", f"is-the-korean-war-over-{n}"
    served_site.plainly(
        "shell",
        "--no-imports",
        "-c",
        DUE_QUESTION.format(title=title, slug=slug, topic=topic_id),
    )
    reader = staff_page()
    reader.goto(f"{served_site.url}/{topic_slug}/{slug}/")
    expect(reader.locator(".byline")).to_contain_text("Last reviewed 1 March 2021")

    editor = staff_page()
    name = sign_in_staff(editor, served_site, group="Editors")
    editor.goto(served_site.url + f"/admin/reports/due-for-review/?topic={topic_id}")
    row = editor.locator("tbody tr", has_text=title)
    expect(row).to_contain_text("1 March 2021")
    days_before = datetime.date.today()
    row.get_by_role("button", name="Mark reviewed").click()
    expect(editor.locator(".messages")).to_contain_text("marked as reviewed")
    expect(editor.locator("tbody tr", has_text=title)).to_have_count(0)
    days = {f"{day:%-d %B %Y}" for day in (days_before, datetime.date.today())}

    # The first readers may get the page from before while the new one renders, in the
    # background; then everyone gets the new one.
    deadline = time.monotonic() + 15
    while True:
        reader.goto(f"{served_site.url}/{topic_slug}/{slug}/")
        byline = reader.locator(".byline").inner_text()
        if "1 March 2021" not in byline or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert any(f"Last reviewed {day} by {name}" in byline for day in days), byline
