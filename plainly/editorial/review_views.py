"""The admin's side of the editorial process: marking a question reviewed, and the report of
questions due for review."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_http_methods
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.permission_policies.pages import PagePermissionPolicy

from plainly.editorial import reviews
from plainly.questions.models import QuestionPage, TopicPage


def may_review(user, page: QuestionPage) -> bool:
    """Reviewing is an editor's to do: whoever may publish a page may say it was checked (an
    alias is reviewed with the page it copies)."""
    return page.alias_of_id is None and page.permissions_for_user(user).can_publish()


def reviews_anything(user) -> bool:
    return PagePermissionPolicy().user_has_permission(user, "publish")


@require_http_methods(["GET", "POST"])
def mark_reviewed(request, page_id: int):
    """GET: what marking the question reviewed means, and when it last was; POST: mark it."""
    page = get_object_or_404(QuestionPage.objects.select_related("reviewed_by"), pk=page_id)
    if not may_review(request.user, page):
        raise PermissionDenied
    next_url = get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    if not page.live:
        messages.error(
            request, f"“{page.title}” is not live: publish it before marking it reviewed."
        )
        return redirect(next_url)
    if request.method == "POST":
        reviews.record_review(page, request.user)
        due = format_date(reviews.due_date(page), "j F Y")
        messages.success(request, f"“{page.title}” marked as reviewed. Next review due {due}.")
        return redirect(next_url)
    return render(
        request,
        "editorial/admin/mark_reviewed.html",
        {"page": page, "next_url": next_url, "due_on": reviews.due_date(page)},
    )


class DueFilters(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=TopicPage.objects.order_by("title"), required=False, empty_label="All topics"
    )
    reviewer = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Anyone", label="Last reviewed by"
    )
    order = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in reviews.ORDERS.items()],
        required=False,
        label="Sort by",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviews.reviewers()
        self.fields["reviewer"].label_from_instance = lambda user: user.public_name


def due_report(request):
    """Questions due for review: past their interval, or showing a fact gone stale."""
    if not reviews_anything(request.user):
        raise PermissionDenied
    filters = DueFilters(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    due = reviews.due_for_review(
        topic=chosen.get("topic"),
        reviewer=chosen.get("reviewer"),
        order=chosen.get("order") or "overdue",
    )
    return render(
        request,
        "editorial/admin/due_for_review.html",
        {"due": due, "filters": filters, "here": request.get_full_path()},
    )
