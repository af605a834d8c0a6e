"""Mail about submissions: reviewers hear of a page waiting for them, writers of the decision.

Wagtail mails these itself, from the request; Plainly's mails leave through the worker like every
other (``backends.mail``), and only reviewers who may act on the page are told.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from plainly.accounts import staff
from plainly.backends import mail
from plainly.editorial.models import EditorialReviewTask


def tell_reviewers(task_state: TaskState, submitter=None) -> int:
    """Mail the members of the reviewing groups that a page awaits them, all but the one who
    submitted it (who may not approve it); the number of mails queued."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    reviewers = staff.to_mail(groups__in=task.groups.all()).exclude(
        wagtail_userprofile__submitted_notifications=False
    )
    submitter = submitter or task_state.workflow_state.requested_by
    if submitter is not None:
        reviewers = reviewers.exclude(pk=submitter.pk)
    context = {
        "page": page,
        "submitter": submitter,
        "edit_url": mail.link(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    subject = render_to_string("editorial/email/submitted_subject.txt", context).strip()
    reviewers = list(reviewers)
    for reviewer in reviewers:
        body = render_to_string(
            "editorial/email/submitted_message.txt", {**context, "reviewer": reviewer}
        )
        mail.send_later(EmailMultiAlternatives(subject, body, to=[reviewer.email]))
    return len(reviewers)


def tell_submitter(workflow_state: WorkflowState, decision: str, reviewer=None) -> bool:
    """Mail whoever submitted the page the reviewer's ``decision`` ("approved" or "rejected"),
    with their comment; whether a mail was queued."""
    submitter = workflow_state.requested_by
    if submitter is None or not submitter.email or submitter == reviewer:
        return False
    profile = getattr(submitter, "wagtail_userprofile", None)
    if profile is not None and not getattr(profile, f"{decision}_notifications"):
        return False
    page = workflow_state.content_object.specific
    task_state = workflow_state.current_task_state
    context = {
        "page": page,
        "submitter": submitter,
        "reviewer": reviewer,
        "comment": task_state.get_comment() if task_state else "",
        "page_url": page.full_url if page.live else "",
        "go_live_at": page.go_live_at if not page.live else None,
        "edit_url": mail.link(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    subject = render_to_string(f"editorial/email/{decision}_subject.txt", context).strip()
    body = render_to_string(f"editorial/email/{decision}_message.txt", context)
    mail.send_later(EmailMultiAlternatives(subject, body, to=[submitter.email]))
    return True


def is_editorial_review(task_state: TaskState) -> bool:
    return isinstance(task_state.task.specific, EditorialReviewTask)
