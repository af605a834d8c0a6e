"""The editorial process in the admin: the fact checks (a report and a dashboard panel), the
review of submissions, review dates (an action on each question and a report), corrections."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from plainly.editorial import review_views, reviews
from plainly.editorial.checks import (
    Finding,
    all_findings,
    contradictions_in_text,
    current_facts,
    findings_for_page,
    stale_facts,
    text_of,
)
from plainly.editorial.models import EditorialSettings, is_own_work
from plainly.questions.admin_menus import ReportMenuItem
from plainly.questions.models import REFUSE_TO_PUBLISH_HOOK, DraftWords, QuestionPage

PERMISSION = "facts.change_fact"


def fact_checks(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return render(request, "editorial/admin/fact_checks.html", {"findings": all_findings()})


def fix_for(finding: Finding) -> tuple[str, str]:
    """Where to mend a finding, and what the link says."""
    if finding.fact is not None:
        return reverse("wagtailsnippets_facts_fact:edit", args=[finding.fact.pk]), "Edit the fact"
    if finding.stated is None:  # a fact that is gone: the page is mended
        return reverse("wagtailadmin_pages:edit", args=[finding.pages[0].pk]), "Edit the page"
    add = reverse("wagtailsnippets_facts_fact:add")
    return f"{add}?{finding.new_fact_query}", "Make it a fact"


def page_checks(request, page_id: int):
    """The checks of one question as its latest revision has it, for its editor."""
    question = get_object_or_404(QuestionPage, pk=page_id)
    if not question.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    findings = []
    for finding in findings_for_page(question):
        url, label = fix_for(finding)
        findings.append(
            {
                "kind": finding.kind,
                "subject": finding.subject,
                "figure": finding.figure,
                "reason": finding.reason,
                "sentence": finding.sentence,
                "fix_url": url,
                "fix_label": label,
            }
        )
    return JsonResponse({"findings": findings})


@hooks.register("register_admin_urls")
def editorial_urls():
    return [
        path("reports/fact-checks/", fact_checks, name="plainly_fact_checks"),
        path("plainly/page-checks/<int:page_id>/", page_checks, name="plainly_page_checks"),
        path(
            "plainly/reviewed/<int:page_id>/",
            review_views.mark_reviewed,
            name="plainly_mark_reviewed",
        ),
        path("reports/due-for-review/", review_views.due_report, name="plainly_due_for_review"),
    ]


@hooks.register("insert_editor_js")
def page_checks_js():
    return format_html('<script src="{}" defer></script>', static("editorial/page-checks.js"))


@hooks.register("register_reports_menu_item")
def fact_checks_menu_item():
    return ReportMenuItem(
        "Fact checks",
        reverse("plainly_fact_checks"),
        icon_name="table",
        order=700,
        shown_to=lambda user: user.has_perm(PERMISSION),
    )


class FactChecksPanel(Component):
    name = "fact_checks"
    order = 60
    template_name = "editorial/admin/fact_checks_panel.html"

    def __init__(self, findings: int):
        self.findings = findings

    def get_context_data(self, parent_context):
        return {"findings": self.findings}


@hooks.register("construct_homepage_panels")
def add_fact_checks_panel(request, panels):
    # Stale facts only: they are few and quick to find; reading every page for contradictions
    # is the report's work.
    if request.user.has_perm(PERMISSION):
        panels.append(FactChecksPanel(len(stale_facts())))


@hooks.register(REFUSE_TO_PUBLISH_HOOK)
def refuse_contradictions(question: QuestionPage, words: DraftWords) -> list[str]:
    """Where the site's policy says so, a question that contradicts a fact is not published."""
    if not EditorialSettings.load().refuse_contradictions:
        return []
    text = text_of(words.short_answer, words.key_facts, words.body, words.faq)
    return [
        f"Not published: “{finding.sentence}” contradicts a fact ({finding.subject}: "
        f"{finding.figure}). Correct the figure, or choose the fact in its place; "
        "the site's editorial policy refuses contradictions."
        for finding in contradictions_in_text(question, text, current_facts())
    ]


@hooks.register("register_reports_menu_item")
def due_for_review_menu_item():
    return ReportMenuItem(
        "Due for review",
        reverse("plainly_due_for_review"),
        icon_name="date",
        order=710,
        shown_to=review_views.reviews_anything,
    )


class MarkReviewedButton(PageMenuItem):
    label = "Mark as reviewed"
    icon_name = "check"
    priority = 62

    def is_shown(self, user):
        is_question = issubclass(self.page.specific_class or type(self.page), QuestionPage)
        return is_question and self.page.live and review_views.may_review(user, self.page)

    @property
    def url(self):
        return reverse("plainly_mark_reviewed", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def mark_reviewed_header_button(page, user, view_name, next_url=None):
    yield MarkReviewedButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def mark_reviewed_listing_button(page, user, next_url=None):
    yield MarkReviewedButton(page=page, next_url=next_url)


@hooks.register("register_log_actions")
def review_log_actions(actions):
    actions.register_action(reviews.REVIEWED, "Mark as reviewed", "Marked as reviewed")


@hooks.register("before_edit_page")
def refuse_what_the_editor_may_not_do(request, page):
    """A publish or review decision sent by someone who may not make it saves nothing (Wagtail
    would quietly save it as a draft): the editor is told why and sent back to the page."""
    if request.method != "POST":
        return None
    reason = refusal(request, page)
    if reason is None:
        return None
    messages.error(request, reason)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_create_page")
def refuse_to_publish_a_new_page(request, parent_page, page_class):
    publishing = request.method == "POST" and "action-publish" in request.POST
    if publishing and not parent_page.permissions_for_user(request.user).can_publish_subpage():
        messages.error(request, NOT_A_PUBLISHER)
        return redirect(request.get_full_path())
    return None


@hooks.register("before_delete_page")
@hooks.register("before_move_page")
def refuse_to_remove_what_awaits_publishing(request, page, *args):
    """Wagtail lets whoever may edit a page that is not live delete or move it. A page waiting
    for review, or approved to go live later, is an editor's decision under way: only those who
    may publish it may take it away or put it elsewhere."""
    if not awaits_publishing(request.user, page):
        return None
    messages.error(request, AWAITS_PUBLISHING.format(title=page.get_admin_display_title()))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_to_remove_many_that_await_publishing(request, action_type, objects, action):
    if action_type not in {"delete", "move"}:
        return None
    waiting = [
        page for page in objects if isinstance(page, Page) and awaits_publishing(request.user, page)
    ]
    if not waiting:
        return None
    messages.error(request, AWAITS_PUBLISHING.format(title=waiting[0].get_admin_display_title()))
    return redirect("wagtailadmin_explore", waiting[0].get_parent().pk)


AWAITS_PUBLISHING = (
    "Nothing was changed: “{title}” is awaiting review or scheduled to go live, and only an "
    "editor may delete or move it now."
)


def awaits_publishing(user, page) -> bool:
    """Whether ``page`` is under an editor's decision (in review, or approved to go live later)
    that ``user``, who may not publish it, must not undo by deleting or moving it."""
    if page.permissions_for_user(user).can_publish():
        return False
    return page.workflow_in_progress or page.scheduled_revision is not None


NOT_A_PUBLISHER = (
    "Nothing was saved: you may not publish pages. Save a draft and submit it for review; "
    "an editor publishes it."
)


def refusal(request, page) -> str | None:
    """Why this POST to the page editor is refused, if it is."""
    if (
        "action-publish" in request.POST
        and not page.permissions_for_user(request.user).can_publish()
    ):
        return NOT_A_PUBLISHER
    action = request.POST.get("workflow-action-name")
    if "action-workflow-action" not in request.POST or not action:
        return None
    task = page.current_workflow_task
    if task is None:
        return (
            f"Nothing was saved: “{page.get_admin_display_title()}” is no longer awaiting "
            "review (another editor decided first). Open it again to see it as it is now."
        )
    allowed = {name for name, _label, _modal in task.specific.get_actions(page, request.user)}
    if action not in allowed:
        state = page.current_workflow_task_state
        if state is not None and is_own_work(state, request.user):
            return "Nothing was saved: nobody may approve their own work. Another editor must."
        return "Nothing was saved: you may not make that decision on this page."
    return None
