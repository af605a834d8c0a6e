"""The site's editorial policy as editors set it in Settings, and the review of submissions."""

from django.core.exceptions import PermissionDenied
from django.core.validators import MinValueValidator
from django.db import models, transaction
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import AbstractGroupApprovalTask, TaskState

from plainly.facts.models import Kind

DEFAULT_STALE_AFTER_MONTHS = 24
DEFAULT_REVIEW_EVERY_MONTHS = 12


@register_setting(icon="calendar-alt")
class EditorialSettings(BaseGenericSetting):
    """One policy for the whole installation: facts are shared by every site."""

    facts_stale_after_months = models.PositiveSmallIntegerField(
        "facts go stale after (months)",
        default=DEFAULT_STALE_AFTER_MONTHS,
        help_text=(
            "A fact true as of longer ago than this is listed for checking, unless its kind has "
            "a limit below or it sets its own."
        ),
    )

    counts_stale_after_months = models.PositiveSmallIntegerField(
        "counts go stale after (months)",
        null=True,
        blank=True,
        help_text="For counts of people or things. Leave empty to use the limit above.",
    )
    money_stale_after_months = models.PositiveSmallIntegerField(
        "amounts of money go stale after (months)",
        null=True,
        blank=True,
        help_text="Prices and incomes move quickly. Leave empty to use the limit above.",
    )
    measurements_stale_after_months = models.PositiveSmallIntegerField(
        "measurements go stale after (months)",
        null=True,
        blank=True,
        help_text="For lengths, shares and the like. Leave empty to use the limit above.",
    )
    refuse_contradictions = models.BooleanField(
        "refuse to publish contradictions",
        default=False,
        help_text=(
            "A question whose words contradict a fact cannot be published until the figure is "
            "corrected or bound to the fact. Saving a draft is always possible."
        ),
    )

    review_every_months = models.PositiveSmallIntegerField(
        "review questions every (months)",
        default=DEFAULT_REVIEW_EVERY_MONTHS,
        validators=[MinValueValidator(1, "Review at least once a month: give 1 or more months.")],
        help_text=(
            "A question not reviewed for this long is due for review, unless its topic or the "
            "question itself sets its own interval."
        ),
    )
    administrators_may_approve_own_work = models.BooleanField(
        "administrators may approve their own submissions",
        default=False,
        help_text=(
            "Nobody else may ever approve their own work. Allow it for administrators only on "
            "a site with a single editor."
        ),
    )

    class Meta:
        verbose_name = "editorial policy"

    def stale_after_months(self, kind: str) -> int:
        """How old a figure of ``kind`` (a fact's kind) may grow before it is checked."""
        by_kind = {
            Kind.COUNT: self.counts_stale_after_months,
            Kind.MONEY: self.money_stale_after_months,
            Kind.MEASUREMENT: self.measurements_stale_after_months,
        }
        return by_kind.get(kind) or self.facts_stale_after_months


class EditorialReviewTask(AbstractGroupApprovalTask):
    """Approval by the chosen groups, by anyone but the person whose work it is: neither the
    one who submitted the page nor the author of the revision under review may approve it
    (administrators may, where the editorial policy allows)."""

    class Meta:
        verbose_name = "editorial review"
        verbose_name_plural = "editorial reviews"

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve, but never their own submission"

    def get_actions(self, obj, user):
        state = obj.current_workflow_task_state
        if state is not None and state.task_id == self.pk and is_own_work(state, user):
            return []
        return super().get_actions(obj, user)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Two reviewers may press Approve on the same page at once: the first decides, the
        # second finds the review over (the admin then says the page awaits no review).
        state = TaskState.objects.select_for_update().get(pk=task_state.pk)
        if state.status != TaskState.STATUS_IN_PROGRESS:
            return None
        if is_own_work(task_state, user):
            raise PermissionDenied("Nobody may approve their own submission.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser and EditorialSettings.load().administrators_may_approve_own_work:
            return states
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)


def is_own_work(state: TaskState, user) -> bool:
    """Whether ``user`` submitted the page under review or wrote the revision submitted, and so
    may not approve it. A reviewer who mends the submission on the way may still approve it:
    the work under review is someone else's."""
    if user.pk not in {state.workflow_state.requested_by_id, state.revision.user_id}:
        return False
    if user.is_superuser:
        return not EditorialSettings.load().administrators_may_approve_own_work
    return True


class ReviewDigest(models.Model):
    """The weeks a review digest was sent to editors, so that each week gets one at most."""

    week = models.DateField(unique=True, help_text="The Monday of the week it was sent.")
    sent_at = models.DateTimeField(auto_now_add=True)
    overdue = models.PositiveIntegerField()

    def __str__(self):
        return f"Review digest of the week of {self.week}"
