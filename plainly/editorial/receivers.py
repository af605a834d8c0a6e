"""Signals of the editorial review: mail the people concerned, and count an approval as a review.

Wagtail connects its own mailers for these signals when its admin app is ready. This app is
ready first (it comes before ``wagtail.admin`` in INSTALLED_APPS) and connects under the same
``dispatch_uid``s, so Django keeps these receivers and ignores Wagtail's: each event sends one
mail, through the worker. Workflows other than the editorial review are handed to Wagtail's.
"""

from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from plainly.editorial import notifications, reviews


def on_task_submitted(sender, instance, user=None, **kwargs):
    if notifications.is_editorial_review(instance):
        notifications.tell_reviewers(instance, submitter=user)
    else:
        wagtail_mail.task_submission_email_notifier(sender, instance, user=user, **kwargs)


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    # Wagtail also mails every administrator of every submission; the reviewers' mail says it.
    if not _is_editorial(instance):
        wagtail_mail.workflow_submission_email_notifier(sender, instance, user=user, **kwargs)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    if not _is_editorial(instance):
        wagtail_mail.workflow_approval_email_notifier(sender, instance, user=user, **kwargs)
        return
    page = instance.content_object.specific
    # Approving is reviewing, once readers see what was approved: not while it is scheduled.
    if user is not None and hasattr(page, "reviewed_by_id") and page.scheduled_revision is None:
        reviews.record_review(page, user)
    notifications.tell_submitter(instance, "approved", reviewer=user)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    if _is_editorial(instance):
        notifications.tell_submitter(instance, "rejected", reviewer=user)
    else:
        wagtail_mail.workflow_rejection_email_notifier(sender, instance, user=user, **kwargs)


def _is_editorial(workflow_state: WorkflowState) -> bool:
    task_state = workflow_state.current_task_state
    return task_state is not None and notifications.is_editorial_review(task_state)


def connect():
    task_submitted.connect(
        on_task_submitted,
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
    )
    workflow_submitted.connect(
        on_workflow_submitted,
        sender=WorkflowState,
        dispatch_uid="workflow_state_submitted_email_notification",
    )
    workflow_approved.connect(
        on_workflow_approved,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )
    workflow_rejected.connect(
        on_workflow_rejected,
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
    )
