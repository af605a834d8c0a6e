"""Readers' comments on questions, one level of replies, and what moderators decided about them."""

import datetime
import functools

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from plainly.questions.models import DiscussionMode

EDIT_WINDOW = datetime.timedelta(minutes=15)
FLAGS_TO_HIDE = 3
FORMER_MEMBER = "a former member"


# The same choices as a question's own setting, which lives on the page.
Mode = DiscussionMode


@register_setting(icon="comment")
class DiscussionSettings(BaseSiteSetting):
    """Site-wide rules for the readers' discussion, edited under Settings in the admin."""

    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.OPEN)
    hold_words = models.TextField(
        blank=True,
        help_text=(
            "One word or phrase per line: comments containing one are held. Whole words, in "
            "any case, accented or not: “ass” holds “Ass!” but not “class”."
        ),
    )
    reject_words = models.TextField(
        blank=True,
        help_text=(
            "One word or phrase per line: comments containing one are refused. Whole words, "
            "as for the held ones."
        ),
    )

    panels = [FieldPanel("mode"), FieldPanel("hold_words"), FieldPanel("reject_words")]

    class Meta:
        verbose_name = "discussion"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]

    @property
    def hold_list(self) -> list[str]:
        return self._lines(self.hold_words)

    @property
    def reject_list(self) -> list[str]:
        return self._lines(self.reject_words)


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: approved, and not hidden by readers' flags."""
        return self.filter(state=Comment.State.APPROVED, hidden_by_flags=False)

    def for_page(self, page):
        return self.filter(page=page)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def in_queue(self):
        """What moderators must decide: held comments, and shown ones that readers flagged.

        A moderator's decision clears a comment's flags, so any flag left is unanswered.
        """
        flagged = Exists(Flag.objects.filter(comment=OuterRef("pk"))) | Q(hidden_by_flags=True)
        return self.filter(Q(state=Comment.State.HELD) | Q(state=Comment.State.APPROVED) & flagged)

    def threads_worth_showing(self):
        """Top-level comments to list: deleted ones only while a visible reply hangs under them."""
        return self.filter(worth_showing_as_thread())

    def counted(self):
        """The comments a reader can actually read: not deleted, and not under a hidden parent."""
        return self.visible().filter(readable())


def counts() -> dict:
    """For a query of visible comments, how many a reader can read (``count``: not deleted, not
    under a hidden parent) and how many threads are listed (``threads``)."""
    return {
        "count": Count("pk", filter=readable()),
        "threads": Count("pk", filter=worth_showing_as_thread()),
    }


def worth_showing_as_thread() -> Q:
    replies = Comment.objects.visible().filter(parent=OuterRef("pk"))
    return Q(parent__isnull=True) & (Q(deleted_at__isnull=True) | Exists(replies))


def readable() -> Q:
    parent_shown = Q(parent__state=Comment.State.APPROVED, parent__hidden_by_flags=False)
    return Q(deleted_at__isnull=True) & (Q(parent__isnull=True) | parent_shown)


class Shown:
    """What a comment is to its readers, the same whether it was read as a model or, for a
    page of the discussion, as a plain row (``reading.ShownComment``)."""

    __slots__ = ()  # rows (ShownComment) keep their fields in slots

    pk: int
    author_id: int | None
    created_at: datetime.datetime
    deleted_at: datetime.datetime | None

    # Links from each comment, made without reversing URLs once per comment on long pages.
    @property
    def reply_url(self) -> str:
        return comment_url("discussion:reply", self.pk)

    @property
    def edit_url(self) -> str:
        return comment_url("discussion:edit", self.pk)

    @property
    def delete_url(self) -> str:
        return comment_url("discussion:delete", self.pk)

    @property
    def flag_url(self) -> str:
        return comment_url("discussion:flag", self.pk)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def can_edit(self, user, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.is_owned_by(user) and not self.is_deleted and now - self.created_at < EDIT_WINDOW
        )

    def is_owned_by(self, user) -> bool:
        return user.is_authenticated and self.author_id == user.pk


class Comment(Shown, models.Model):
    class State(models.TextChoices):
        HELD = "held", "Held for moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    page = models.ForeignKey(
        "questions.QuestionPage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # For readers without an account: the name shown, and an address that never is.
    author_name = models.CharField(max_length=60, blank=True)
    author_email = models.EmailField(blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    body = models.TextField()
    body_html = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.HELD)
    hidden_by_flags = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # The once-only key of the writing ticket the comment came with: a second submit of the same
    # form is refused by the database itself, however close together the two arrive.
    submission_key = models.CharField(
        max_length=40, null=True, blank=True, unique=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The question page's one read: a page's visible top-level comments in order. With
            # whether each is deleted, it also holds all its discussion's count reads: counted
            # in the index, not row by row (a page with 100,000 comments: 67 ms, not 340).
            models.Index(
                fields=["page", "state", "hidden_by_flags", "parent", "created_at", "deleted_at"],
                name="comment_page_listing",
                include=["id"],  # in every index of SQLite's; PostgreSQL's, it must be told
            ),
            models.Index(fields=["state", "-created_at"], name="comment_queue"),
            # A question's threads in order: found and sorted in the index, not among every
            # top-level comment on the site, which the planner may otherwise pick.
            models.Index(
                fields=["page", "created_at", "id"],
                condition=models.Q(parent__isnull=True),
                name="comment_threads",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} on “{self.page.title}”: {self.body[:60]}"

    @property
    def is_visible(self) -> bool:
        """Whether readers see it: what ``Comment.objects.visible()`` selects, for one comment."""
        return self.state == Comment.State.APPROVED and not self.hidden_by_flags

    @property
    def display_name(self) -> str:
        if self.author_id:
            return self.author.public_name
        return self.author_name or FORMER_MEMBER

    @property
    def notification_address(self) -> str:
        """Where news of replies goes: the member's address, or the one a reader left."""
        if self.author_id:
            return self.author.email
        return self.author_email

    def erase(self) -> bool:
        """Take the words away but keep the comment's place, so that replies keep theirs; False
        if they were gone already. ``moderation.withdraw`` also keeps the Decision."""
        if self.is_deleted:
            return False
        self.body = self.body_html = ""
        self.deleted_at = timezone.now()
        self.save(update_fields=["body", "body_html", "deleted_at"])
        return True


class Decision(models.Model):
    """One thing that happened to a comment, and who or what made it happen and why."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    state = models.CharField(max_length=10, choices=Comment.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # A rule's name when the site decided by itself ("first comment", "too many links"...).
    rule = models.CharField(max_length=60, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        who = self.by or self.rule or "the site"
        return f"{self.get_state_display()} by {who}: {self.reason}"


class Flag(models.Model):
    """A reader's report that a comment does not belong; one per reader and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    # "member:<id>" or "ip:<hash>": who flagged, without keeping who they are.
    reader = models.CharField(max_length=80)
    # The keyed hash of the address it came from: flags from one address count once towards
    # hiding a comment, however many accounts send them.
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reader"], name="one_flag_per_reader")
        ]

    def __str__(self) -> str:
        return f"Flag on comment {self.comment_id}"


class Ban(models.Model):
    """Someone whose comments are refused: by account, by email address, or by address hash."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        EMAIL = "email", "Email address"
        IP = "ip", "IP address (hashed)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=254)
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="one_ban_per_value")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ban"


class ReplyOptOut(models.Model):
    """An address that asked, by the link in a mail, to hear no more about replies."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "Reply mail opt-out"


class ModerationDigest(models.Model):
    """The days a digest of the queue was sent, so that each day gets one at most."""

    day = models.DateField(unique=True)
    queue_size = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Digest of {self.day}"


_PLACEHOLDER = 2_147_483_647


@functools.cache
def _comment_url_parts(name: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    return before, after


def comment_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for the comment URLs, which differ only by the number."""
    before, after = _comment_url_parts(name)
    return f"{before}{pk}{after}"
