"""The site's editorial policy, as editors set it in Settings."""

from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from plainly.facts.models import Kind

DEFAULT_STALE_AFTER_MONTHS = 24


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
