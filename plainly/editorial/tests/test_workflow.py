"""The editorial review, role by role: who may create, edit, submit, approve, publish, unpublish
and delete a question, through the admin's own views and bulk actions, checked by what happened
to the page, not by what the admin showed."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from plainly.accounts.tests.factories import make_staff
from plainly.editorial.models import EditorialSettings
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import make_question, make_topic, question_form
from plainly.testing.isolation import rows_for_the_module

pytestmark = pytest.mark.django_db

ROLES = ["moderator", "writer", "editor", "admin"]
WRITES = {"writer", "editor", "admin"}
PUBLISHES = {"editor", "admin"}


def make_world() -> dict:
    return {
        "topic": make_topic(title="Korea"),
        "moderator": make_staff("Mo", group="Moderators"),
        "writer": make_staff("Wendy", group="Writers"),
        "other writer": make_staff("Will", group="Writers"),
        "editor": make_staff("Ed", group="Editors"),
        "admin": make_staff("Ada", superuser=True),
    }


world = rows_for_the_module(make_world)


def fresh(page) -> QuestionPage | None:
    return QuestionPage.objects.filter(pk=page.pk).first()


def as_user(client, user):
    client.force_login(user)
    return client


def edit(client, page, action: str | None = None, **fields):
    """The page editor's form sent as it is, with ``action``'s button pressed."""
    data = question_form(title=page.title, slug=page.slug, **fields)
    if action:
        data[action] = action
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def submitted(client, world, by: str, *, live: bool = False) -> QuestionPage:
    """A question ``by`` wrote (published beforehand if ``live``) and submitted for review."""
    page = make_question(world["topic"], title=f"Submitted by {by}?", publish=live)
    edit(as_user(client, world[by]), page, "action-submit", short_answer_text="x")
    assert fresh(page).workflow_in_progress, f"{by} could not submit"
    client.logout()
    return page


def approve(client, user, page, via: str = "modal"):
    """``user`` approves ``page``'s review, from the review modal or the page editor."""
    state = page.current_workflow_task_state
    as_user(client, user)
    if via == "modal":
        url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
        return client.post(url, {"comment": ""}, follow=True)
    return client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            **question_form(title=page.title, slug=page.slug),
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
        follow=True,
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_a_draft(client, world, role):
    as_user(client, world[role])

    response = client.post(
        f"/admin/pages/add/questions/questionpage/{world['topic'].pk}/", question_form()
    )

    made = QuestionPage.objects.filter(slug="how-long-is-the-korean-border").first()
    assert response.status_code < 500
    assert (made is not None) == (role in WRITES)
    assert made is None or not made.live


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit_a_live_question(client, world, role):
    page = make_question(world["topic"], title="Is the war over?")

    edit(as_user(client, world[role]), page, byline="Someone New")

    latest = fresh(page).get_latest_revision_as_object()
    assert (latest.byline == "Someone New") == (role in WRITES)
    assert fresh(page).byline != "Someone New"  # a saved edit is a draft, not live


@pytest.mark.parametrize("role", ROLES)
def test_who_may_submit_for_review(client, world, role):
    page = make_question(world["topic"], title="Is the war over?", publish=False)

    edit(as_user(client, world[role]), page, "action-submit")

    state = WorkflowState.objects.filter(object_id=str(page.pk)).first()
    assert (state is not None and state.status == "in_progress") == (role in WRITES)
    assert not fresh(page).live


@pytest.mark.parametrize("via", ["modal", "page editor"])
@pytest.mark.parametrize("role", ["writer", "editor", "admin"])
def test_nobody_approves_their_own_submission(client, world, role, via):
    page = submitted(client, world, role)

    approve(client, world[role], page, via)

    assert not fresh(page).live
    assert fresh(page).workflow_in_progress


def test_administrators_may_approve_their_own_work_where_the_policy_allows(client, world):
    policy = EditorialSettings.load()
    policy.administrators_may_approve_own_work = True
    policy.save()
    page = submitted(client, world, "admin")

    approve(client, world["admin"], page)

    assert fresh(page).live


def test_the_policy_lets_no_editor_approve_their_own_work(client, world):
    policy = EditorialSettings.load()
    policy.administrators_may_approve_own_work = True
    policy.save()
    page = submitted(client, world, "editor")

    approve(client, world["editor"], page)

    assert not fresh(page).live


@pytest.mark.parametrize("via", ["modal", "page editor"])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_someone_elses_submission(client, world, role, via):
    page = submitted(client, world, "other writer")

    response = approve(client, world[role], page, via)

    assert response.status_code < 500
    assert fresh(page).live == (role in PUBLISHES)
    if role in PUBLISHES:
        assert fresh(page).reviewed_by == world[role]  # approving is reviewing


def test_a_reviewer_who_mends_a_submission_may_still_approve_it(client, world):
    page = submitted(client, world, "other writer")
    edit(as_user(client, world["editor"]), page, byline="Mended by Ed")

    approve(client, world["editor"], page)

    assert fresh(page).live
    assert fresh(page).byline == "Mended by Ed"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish_directly(client, world, role):
    page = make_question(world["topic"], title="Is the war over?", publish=False)

    response = edit(as_user(client, world[role]), page, "action-publish")

    assert fresh(page).live == (role in PUBLISHES)
    if role == "writer":  # a forged publish button: refused, and nothing saved
        assert "you may not publish pages" in response.content.decode()
        assert fresh(page).latest_revision_id == page.latest_revision_id


def test_a_forged_publish_of_a_new_question_saves_nothing(client, world):
    as_user(client, world["writer"])

    response = client.post(
        f"/admin/pages/add/questions/questionpage/{world['topic'].pk}/",
        {**question_form(), "action-publish": "action-publish"},
        follow=True,
    )

    assert "you may not publish pages" in response.content.decode()
    assert not QuestionPage.objects.filter(slug="how-long-is-the-korean-border").exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_unpublish(client, world, role):
    page = make_question(world["topic"], title="Is the war over?")

    as_user(client, world[role]).post(f"/admin/pages/{page.pk}/unpublish/")

    assert fresh(page).live == (role not in PUBLISHES)


@pytest.mark.parametrize("live", [True, False], ids=["live", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_delete(client, world, role, live):
    page = make_question(world["topic"], title="Is the war over?", publish=live)

    as_user(client, world[role]).post(f"/admin/pages/{page.pk}/delete/")

    # A writer may throw away a draft, never a page readers see.
    may = role in PUBLISHES or (role == "writer" and not live)
    assert (fresh(page) is None) == may


BULK = {
    "publish": (False, lambda page: page.live),
    "unpublish": (True, lambda page: not page.live),
    "delete": (True, lambda page: page is None),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(BULK))
def test_who_may_act_on_many_pages_at_once(client, world, role, action):
    live, done = BULK[action]
    pages = [
        make_question(world["topic"], title=f"Bulk question {n}?", publish=live) for n in (1, 2)
    ]
    ids = "&".join(f"id={page.pk}" for page in pages)

    response = as_user(client, world[role]).post(
        f"/admin/bulk/wagtailcore/page/{action}/?{ids}", {"include_descendants": ""}
    )

    assert response.status_code < 500
    for page in pages:
        assert done(fresh(page)) == (role in PUBLISHES)


def test_a_second_approval_of_an_approved_page_is_refused_and_changes_nothing(client, world):
    page = submitted(client, world, "other writer")
    stale_state = page.current_workflow_task_state
    approve(client, world["editor"], page)
    published = fresh(page).live_revision_id
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", stale_state.pk])

    response = as_user(client, world["admin"]).post(url, {"comment": ""}, follow=True)

    assert "is not currently awaiting moderation" in response.content.decode()
    assert fresh(page).live_revision_id == published
    assert fresh(page).reviewed_by == world["editor"]


def test_a_review_decision_sent_from_a_stale_page_editor_saves_nothing(client, world):
    page = submitted(client, world, "other writer")
    approve(client, world["editor"], page)
    revisions = fresh(page).revisions.count()

    response = approve(client, world["admin"], page, via="page editor")

    assert "is no longer awaiting review" in response.content.decode()
    assert fresh(page).revisions.count() == revisions


def test_a_form_opened_before_someone_elses_save_is_refused_with_the_changes_kept(client, world):
    page = make_question(world["topic"], title="Is the war over?")
    opened_on = fresh(page).latest_revision
    edit(as_user(client, world["editor"]), page, byline="Ed's version")
    stale = {
        "loaded_revision_id": str(opened_on.pk),
        "loaded_revision_created_at": opened_on.created_at.isoformat(),
    }

    as_user(client, world["writer"])
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {**question_form(title=page.title, slug=page.slug, byline="Wendy's version"), **stale},
    )

    shown = response.content.decode()
    assert "Ed saved a newer version of this page" in shown
    assert "Wendy&#x27;s version" in shown or "Wendy's version" in shown  # kept on screen
    latest = fresh(page).get_latest_revision_as_object()
    assert latest.byline == "Ed's version"


def test_a_form_outrun_by_its_own_autosave_is_saved(client, world):
    # Wagtail autosaves the editor's work every moment; pressing Publish while an autosave is on
    # its way sends a form that names the revision before it. That is no one else's change.
    page = make_question(world["topic"], title="Is the war over?")
    opened_on = fresh(page).latest_revision
    as_user(client, world["editor"])
    edit(client, page, byline="Autosaved")
    stale = {
        "loaded_revision_id": str(opened_on.pk),
        "loaded_revision_created_at": opened_on.created_at.isoformat(),
    }

    client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            **question_form(title=page.title, slug=page.slug, byline="Published"),
            **stale,
            "action-publish": "action-publish",
        },
    )

    assert fresh(page).byline == "Published"


def test_every_question_topic_and_page_is_under_the_editorial_review(world):
    from plainly.questions.models import HomePage

    question = make_question(world["topic"], title="Is the war over?")

    for page in [question, world["topic"], HomePage.objects.first()]:
        assert page.get_workflow().name == "Editorial review"


def test_approving_a_page_with_a_go_live_date_schedules_it(client, world):
    import datetime

    from django.utils import timezone

    page = make_question(world["topic"], title="Is the war over?", publish=False)
    later = timezone.now() + datetime.timedelta(days=3)
    edit(
        as_user(client, world["writer"]),
        page,
        "action-submit",
        go_live_at=later.strftime("%Y-%m-%d %H:%M"),
    )

    approve(client, world["editor"], page)

    scheduled = fresh(page)
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at is not None


@pytest.mark.parametrize("how", ["delete", "move", "bulk delete"])
def test_a_writer_may_not_take_away_a_page_awaiting_review(client, world, how):
    page = submitted(client, world, "other writer")
    elsewhere = make_topic(title="Elsewhere")
    as_user(client, world["writer"])

    if how == "delete":
        response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
    elif how == "move":
        response = client.post(f"/admin/pages/{page.pk}/move/{elsewhere.pk}/confirm/", follow=True)
    else:
        response = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}", follow=True)

    assert "only an editor may delete or move it now" in response.content.decode()
    assert fresh(page) is not None and fresh(page).get_parent().pk == world["topic"].pk
