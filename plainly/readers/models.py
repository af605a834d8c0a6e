"""What readers tell the site: whether a question's page helped them, and what they searched
for and did not find."""

from django.db import models
from wagtail.models import Page, Revision


class Vote(models.Model):
    """One reader's answer to "Was this helpful?" on one page, on one day. The reader is a keyed
    hash of their address (or account) with the page and the day: one vote each, which cannot be
    followed from page to page or from day to day, and no address is kept."""

    class Reason(models.TextChoices):
        MISSING = "missing", "Information is missing"
        OUT_OF_DATE = "out_of_date", "It’s out of date"
        HARD = "hard", "It’s hard to understand"
        WRONG = "wrong", "I think it’s wrong"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    # The revision readers were shown: an editor sees which version failed them.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voter = models.CharField(max_length=64)
    day = models.DateField()
    helpful = models.BooleanField()
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    text = models.TextField(max_length=500, blank=True)
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "voter", "day"], name="readers_one_vote_a_day")
        ]
        indexes = [models.Index(fields=["day", "page"], name="readers_votes_by_day")]

    def __str__(self) -> str:
        return f"{'helpful' if self.helpful else 'not helpful'}: page {self.page_id} on {self.day}"


class SearchCount(models.Model):
    """How often readers searched for some words on a day: how many searches found nothing, and
    how many found questions of which the reader opened one. Words only, lower-cased; nothing
    of who searched."""

    words = models.CharField(max_length=100)
    day = models.DateField()
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)  # no question found
    opened = models.PositiveIntegerField(default=0)  # a question found, and opened

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["words", "day"], name="readers_one_count_a_day")
        ]
        indexes = [models.Index(fields=["day", "words"], name="readers_searches_by_day")]

    def __str__(self) -> str:
        return f"“{self.words}” on {self.day}: {self.searches}"
