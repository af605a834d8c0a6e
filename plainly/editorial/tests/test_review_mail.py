"""Who hears of a submission and its decision: reviewers are mailed and see it on their dashboard;
the writer is mailed the decision, with the reviewer's comment. One mail each, through a real
SMTP server."""

import pytest
from django.conf import settings
from django.urls import reverse

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.tests.test_workflow import edit, fresh
from plainly.questions.tests.factories import make_question, make_topic
from plainly.testing.mail import body_of, links_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "writer": make_staff("Wendy", group="Writers"),
        "editor": make_staff("Ed", group="Editors"),
        "other editor": make_staff("Eve", group="Editors"),
        "moderator": make_staff("Mo", group="Moderators"),
    }


@pytest.fixture
def page():
    return make_question(make_topic(title="Korea"), title="Is the war over?", publish=False)


def submit(client, user, page):
    client.force_login(user)
    edit(client, page, "action-submit")


def decide(client, user, page, action: str, comment: str = ""):
    client.force_login(user)
    state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment}, follow=True)


def addresses(mailbox) -> list[str]:
    return sorted(message["To"] for message in mailbox.messages)


def test_every_editor_but_the_submitter_is_mailed_a_submission(client, people, page, mailbox):
    submit(client, people["editor"], page)

    assert addresses(mailbox) == [people["other editor"].email]
    (message,) = mailbox.messages
    assert message["Subject"] == "For review: Is the war over?"
    assert "Ed submitted “Is the war over?” for review." in body_of(message)
    assert links_in(message) == [f"{settings.BASE_URL}/admin/pages/{page.pk}/edit/"]


def test_an_editor_who_turned_the_mail_off_is_not_mailed(client, people, page, mailbox):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(people["other editor"])
    profile.submitted_notifications = False
    profile.save()

    submit(client, people["writer"], page)

    assert addresses(mailbox) == [people["editor"].email]


def test_a_submission_waits_on_the_reviewers_dashboard_not_the_submitters(client, people, page):
    submit(client, people["editor"], page)

    client.force_login(people["other editor"])
    assert "Is the war over?" in awaiting_review(client)
    client.force_login(people["editor"])
    assert "Is the war over?" not in awaiting_review(client)


def awaiting_review(client) -> str:
    from bs4 import BeautifulSoup

    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = dashboard.find(lambda tag: tag.name == "section" and "Awaiting your review" in tag.text)
    return panel.text if panel else ""


def test_the_writer_is_mailed_an_approval_with_the_live_address(client, people, page, mailbox):
    submit(client, people["writer"], page)
    mailbox.messages.clear()

    decide(client, people["editor"], page, "approve", "Clear and well sourced.")

    assert addresses(mailbox) == [people["writer"].email]
    (message,) = mailbox.messages
    assert message["Subject"] == "Approved: Is the war over?"
    assert "Ed approved “Is the war over?”. It is live:" in body_of(message)
    assert "Clear and well sourced." in body_of(message)
    assert fresh(page).full_url in links_in(message)


def test_the_writer_is_mailed_the_changes_asked_for(client, people, page, mailbox):
    submit(client, people["writer"], page)
    mailbox.messages.clear()

    decide(client, people["editor"], page, "reject", "Say where the 33,000 comes from.")

    assert addresses(mailbox) == [people["writer"].email]
    (message,) = mailbox.messages
    assert message["Subject"] == "Changes requested: Is the war over?"
    assert "Say where the 33,000 comes from." in body_of(message)
    assert not fresh(page).live
    assert fresh(page).current_workflow_state.status == "needs_changes"
