"""The site's editorial policy, as editors set it in Settings."""

from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_STALE_AFTER_MONTHS = 24


@register_setting(icon="calendar-alt")
class EditorialSettings(BaseGenericSetting):
    """One policy for the whole installation: facts are shared by every site."""

    facts_stale_after_months = models.PositiveSmallIntegerField(
        "facts go stale after (months)",
        default=DEFAULT_STALE_AFTER_MONTHS,
        help_text=(
            "A fact true as of longer ago than this is listed for checking, unless it sets its "
            "own limit."
        ),
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
