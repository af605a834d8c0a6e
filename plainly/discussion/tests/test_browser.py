"""The discussion in a real browser, on a served site, with real mail."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from plainly.discussion.tests.xss import VECTORS
from plainly.testing.browser import serious_violations, sign_in_with_code
from plainly.testing.mail import links_in

pytestmark = pytest.mark.browser

QUESTION = "/korea/is-the-korean-war-over/"

MAKE_PEOPLE = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator
from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.questions.models import QuestionPage

def person(name, password):
    user = User.objects.create_user(
        username=name, email=f"{{name}}@example.org", password=password, display_name=name.title()
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user

moderator = person("{moderator}", "{password}")
moderator.groups.add(Group.objects.get(name="Moderators"))
member = person("{member}", "{password}")
page = QuestionPage.objects.get(slug="is-the-korean-war-over")
Comment.objects.create(  # an earlier, approved comment: the member's next ones appear at once
    page=page, author=member, body="Earlier words.", body_html=markup.render("Earlier words."),
    state="approved",
)
print(json.dumps({{"totp": activate_authenticator(moderator)}}))
"""

APPROVE_HELD = """
from plainly.discussion.models import Comment
from plainly.discussion.moderation import moderate
from plainly.accounts.models import User
for comment in Comment.objects.filter(state="held", body__contains="{marker}"):
    moderate(comment, decision="approve", by=User.objects.get(username="admin"))
"""


def new_context(browser, **options):
    return browser.new_context(viewport={"width": 1280, "height": 900}, **options)


def take_a_moment(page):
    """Wait as a reader writing would: the form refuses what arrives within 3 s of its ticket.

    The script fetches the ticket as the reader starts writing, so the 3 s are counted from
    the moment it is filled in, not from the typing, whatever the server's delay.
    """
    expect(page.locator("#comment-form")).to_have_attribute("data-started-filled", "1")
    page.wait_for_timeout(3200)


def write_comment(page, *, body: str, name: str | None = None, email: str | None = None):
    form = page.locator("#comment-form")
    form.get_by_label("Your comment").fill(body)
    if name is not None:
        form.get_by_label("Your name").fill(name)
        form.get_by_label("Your email address").fill(email)
    take_a_moment(page)
    form.get_by_role("button", name="Post comment").click()


def test_hostile_comments_run_no_script(browser, served_site):
    marker = f"xss-{time.time_ns()}"
    dialogs = []
    context = new_context(browser)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payloads = [vector for vector in VECTORS if "alert" in vector or "pwned" in vector]
    bodies = [
        marker + "\n\n" + "\n\n".join(payloads[: len(payloads) // 2]),
        marker + "\n\n" + "\n\n".join(f"- {vector}" for vector in payloads[len(payloads) // 2 :]),
    ]
    names = ["<img src=x onerror=window.pwned=1>", "<svg onload=alert(1)>"]

    for body, name in zip(bodies, names, strict=True):
        page.goto(served_site.url + QUESTION)
        write_comment(page, body=body, name=name, email="hostile@example.org")
        expect(page.locator("#discussion")).to_contain_text("awaiting moderation")
    served_site.plainly("shell", "--no-imports", "-c", APPROVE_HELD.format(marker=marker))
    page.goto(served_site.url + QUESTION)

    assert page.locator("#discussion").get_by_text(marker).count() == 2
    assert page.get_by_text("<svg onload=alert(1)>").count() >= 1  # The name shows, as typed.
    assert dialogs == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("#discussion script, #discussion img, #discussion svg").count() == 0
    context.close()


def test_comments_say_how_long_ago_they_were_written(browser, served_site):
    marker = f"ago-{time.time_ns()}"
    context = new_context(browser)
    page = context.new_page()
    page.goto(served_site.url + QUESTION)
    write_comment(page, body=f"{marker} words", name="Agatha", email="agatha@example.org")
    served_site.plainly("shell", "--no-imports", "-c", APPROVE_HELD.format(marker=marker))
    context.close()

    # A new reader, with no cookie: the page the cache shares.
    context = new_context(browser)
    page = context.new_page()
    page.goto(served_site.url + QUESTION)

    ago = page.locator("#discussion .comment__ago").first.inner_text()
    assert re.fullmatch(r"(\d+ \w+ ago|yesterday|last \w+|just now) · ", ago), ago
    context.close()


def test_a_reply_moves_the_form_under_the_comment_and_names_its_writer(browser, served_site):
    context = new_context(browser)
    page = context.new_page()
    page.goto(served_site.url + "/korea/do-many-south-koreans-defect-to-north-korea/")
    comment = page.locator("article.comment", has_text="Sora K.").first

    comment.get_by_role("link", name="Reply").click()

    form = page.locator("#comment-form")
    expect(form.locator(".comment-form__heading")).to_have_text("Your reply")
    # One full stop after a name that ends in one.
    expect(form.locator(".comment-form__replying")).to_have_text("Replying to Sora K. Cancel reply")
    expect(form.get_by_label("Your comment")).to_be_focused()
    assert page.evaluate("document.getElementById('comment-form').previousElementSibling.id") == (
        comment.get_attribute("id")
    )
    form.get_by_role("button", name="Cancel reply").click()
    expect(form.locator(".comment-form__heading")).to_have_text("Add a comment")
    context.close()


def test_leaving_by_a_link_in_the_comment_form_fetches_no_token(browser, served_site):
    """A token fetched as the reader follows "Register" sets a CSRF cookie that can arrive after
    the registration page's own; the registration was then refused ("You can't open this page")."""
    context = new_context(browser)
    page = context.new_page()
    tokens = []

    def note_token_fetch(request):
        if "/discussion/form-token/" in request.url:
            tokens.append(request.url)

    page.on("request", note_token_fetch)
    page.goto(served_site.url + QUESTION)

    page.locator("#comment-form").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register")
    page.go_back()
    page.locator("#comment-form").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    assert tokens == []

    # Starting to write still fetches one, for the form on the cached page.
    page.go_back()
    with page.expect_request(re.compile("/discussion/form-token/")):
        page.locator("#comment-form").get_by_label("Your comment").click()
    context.close()


def test_post_moderate_read_reply_mail_and_unsubscribe(
    browser, served_site, smtp_server, axe_script
):
    suffix = time.time_ns()
    moderator, member, password = f"mo{suffix}", f"member{suffix}", "a long test passphrase"
    people = served_site.plainly(
        "shell",
        "--no-imports",
        "-c",
        MAKE_PEOPLE.format(moderator=moderator, member=member, password=password),
    )
    totp_secret = json.loads(people.stdout.strip().splitlines()[-1])["totp"]
    reader_address = f"reader-{suffix}@example.org"
    words = f"Does the armistice still bind both sides? ({suffix})"

    # A reader without an account posts, and is told the comment awaits moderation.
    reader = new_context(browser).new_page()
    reader.goto(served_site.url + QUESTION)
    # A name of its own: another test may have registered a member as "Rita Reader".
    write_comment(reader, body=words, name=f"Rita {suffix}", email=reader_address)
    notice = reader.locator("#discussion .message")
    expect(notice).to_contain_text("awaiting moderation")
    assert reader.locator("#discussion").get_by_text(words).count() == 0
    assert serious_violations(reader, axe_script) == []

    # A moderator signs in with two factors and approves it from the queue.
    staff = new_context(browser).new_page()
    staff.goto(served_site.url + "/admin/")
    sign_in_with_code(
        staff, email=f"{moderator}@example.org", password=password, totp_secret=totp_secret
    )
    staff.goto(served_site.url + "/admin/snippets/discussion/comment/")
    row = staff.locator("tbody tr", has_text=words[:40])
    row.locator("input[type=checkbox]").check()
    staff.get_by_role("link", name="Approve").click()
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator(".messages")).to_contain_text(re.compile("approve", re.IGNORECASE))

    # The reader sees it on the page.
    reader.goto(served_site.url + QUESTION)
    comment = reader.locator("article.comment", has_text=words)
    expect(comment).to_be_visible()
    comment_id = comment.get_attribute("id")

    # A member replies, in place under the comment.
    member_page = new_context(browser).new_page()
    member_page.goto(served_site.url + "/accounts/login/")
    member_page.get_by_label("Email").fill(f"{member}@example.org")
    member_page.get_by_label("Password").fill(password)
    member_page.get_by_role("main").get_by_role("button", name="Sign in").click()
    member_page.goto(served_site.url + QUESTION)
    member_page.locator(f"#{comment_id}").get_by_role("link", name="Reply").click()
    member_page.get_by_label("Your comment").fill("It does: it has no end date.")
    take_a_moment(member_page)
    member_page.get_by_role("button", name="Post comment").click()
    expect(member_page.locator("#discussion")).to_contain_text("Your comment is published.")
    replies = member_page.locator(f"#{comment_id} + ol, li:has(#{comment_id}) ol.comments--replies")
    expect(replies.first).to_contain_text("It does: it has no end date.")

    # The reader gets the reply mail, and unsubscribes with one click, without signing in.
    [mail] = smtp_server.wait_for(reader_address)
    assert "replied to your comment" in mail["Subject"]
    unsubscribe = next(link for link in links_in(mail) if "/discussion/unsubscribe/" in link)
    reader.goto(unsubscribe)
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You’re unsubscribed")
