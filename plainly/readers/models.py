"""What readers tell the site: whether a question's page helped them, what they searched for
and did not find, and the questions they asked."""

from django.conf import settings
from django.db import models
from wagtail.models import Page, Revision, Site


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


class AskedQuestionQuerySet(models.QuerySet):
    def open(self):
        """Questions that readers who ask the same are grouped with: not yet decided, or
        accepted and waiting for the answer to be published."""
        return self.filter(state__in=[AskedQuestion.State.WAITING, AskedQuestion.State.ACCEPTED])

    def with_counts(self):
        return self.annotate(readers=models.Count("askings"))


class AskedQuestion(models.Model):
    """A question readers asked, once or many times: the readers who asked the same question in
    the same or nearly the same words are grouped here, and an editor decides for all of them."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        ACCEPTED = "accepted", "Being written"
        ANSWERED = "answered", "Answered"
        MERGED = "merged", "Already answered"
        DECLINED = "declined", "Declined"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=300)  # as the first reader asked it
    # The words that make two questions the same: stemmed, without stop words, sorted.
    key = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    # The draft written to answer it (accepted, answered) or the question that already did
    # (merged).
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_asked = models.DateTimeField()
    last_asked = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AskedQuestionQuerySet.as_manager()

    class Meta:
        constraints = [
            # Readers asking the same words at once join one question, not two.
            models.UniqueConstraint(
                fields=["site", "key"],
                condition=models.Q(state__in=["waiting", "accepted"]),
                name="readers_one_open_question_a_key",
            )
        ]
        indexes = [
            models.Index(fields=["state", "last_asked"], name="readers_asked_by_state"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def draft_deleted(self) -> bool:
        """Accepted, but the draft written for it is gone: it waits for a decision again."""
        return self.state == self.State.ACCEPTED and self.page_id is None

    @property
    def awaits_decision(self) -> bool:
        return self.state == self.State.WAITING or self.draft_deleted


class Asking(models.Model):
    """One reader's asking of a question: their words and, if they want to be told of the
    answer, their email address, which goes once the answer is sent or the question declined.
    Nothing else of who asked is kept."""

    question = models.ForeignKey(AskedQuestion, on_delete=models.CASCADE, related_name="askings")
    text = models.CharField(max_length=300)
    email = models.EmailField(max_length=254, blank=True)
    asked_at = models.DateTimeField()
    # The ask form's once-only key: the same form sent twice is one asking.
    submission_key = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        indexes = [models.Index(fields=["question", "asked_at"], name="readers_askings")]

    def __str__(self) -> str:
        return self.text
