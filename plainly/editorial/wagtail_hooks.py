"""The checks in the admin: a report under Reports and a panel on the dashboard."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from plainly.editorial.checks import (
    Finding,
    all_findings,
    contradictions_in_text,
    current_facts,
    findings_for_page,
    stale_facts,
    text_of,
)
from plainly.editorial.models import EditorialSettings
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
    ]


@hooks.register("insert_editor_js")
def page_checks_js():
    return format_html('<script src="{}" defer></script>', static("editorial/page-checks.js"))


class FactChecksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def fact_checks_menu_item():
    return FactChecksMenuItem(
        "Fact checks", reverse("plainly_fact_checks"), icon_name="table", order=700
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
