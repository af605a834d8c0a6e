"""The moderators' side of the discussion, in Wagtail's admin: a queue, bulk decisions, a panel."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet

from plainly.discussion import moderation
from plainly.discussion.models import Ban, Comment
from plainly.discussion.reading import thread_url
from plainly.questions.models import QuestionPage

QUEUE = "queue"
STATUS_CHOICES = [
    (QUEUE, "Needs a decision (held or flagged)"),
    ("held", "Held"),
    ("flagged", "Hidden by flags"),
    ("approved", "Approved"),
    ("spam", "Spam"),
    ("removed", "Removed"),
]


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    page = django_filters.ModelChoiceFilter(
        label="Question", queryset=QuestionPage.objects.order_by("title")
    )

    class Meta:
        model = Comment
        fields = ["status", "page"]

    def filter_status(self, queryset, name, value):
        if value == QUEUE:
            return queryset.in_queue()
        if value == "flagged":
            return queryset.filter(hidden_by_flags=True)
        return queryset.filter(state=value)


class CommentIndexView(IndexView):
    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        # The listing opens on the queue: what still needs a moderator's decision. A search
        # looks through every comment, unless a status is chosen too.
        if "status" not in kwargs["data"] and not self.request.GET.get("q"):
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["status"] = QUEUE
        return kwargs


class ExcerptColumn(TitleColumn):
    """The start of the comment, opening the whole of it with its decisions."""

    def get_value(self, instance):
        return Truncator(instance.body or "(deleted)").chars(140)


class CommentInspectView(InspectView):
    def get_page_display_value(self):
        comment = self.object
        if not comment.is_visible:
            return comment.page.title  # not on the page for readers to see
        return format_html(
            '<a href="{}">{}</a> (see the comment there)',
            thread_url(comment.page, comment),
            comment.page.title,
        )

    def get_decisions_display_value(self):
        decisions = self.object.decisions.select_related("by").order_by("created_at")
        return format_html_join(
            "", "<p>{}: {}</p>", ((date_format(d.created_at, "j M Y, H:i"), d) for d in decisions)
        )


class NoAddingPolicy(ModelPermissionPolicy):
    """Comments come from readers only: nobody adds one in the admin, superusers included."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    index_template_name = "discussion/admin/comment_index.html"  # offers only permitted actions
    filterset_class = CommentFilterSet
    ordering = ["-created_at"]
    list_per_page = 50
    # Found by their words, or by their author's name or address (the account's or the one given).
    search_fields = ["body", "author_name", "author_email", "author__display_name", "author__email"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_class = CommentInspectView
    list_display = [
        ExcerptColumn(
            "body",
            label="Comment",
            get_url=lambda comment: reverse(
                "wagtailsnippets_discussion_comment:inspect", args=[comment.pk]
            ),
        ),
        Column("display_name", label="Author"),
        Column("page", label="Question"),
        Column("state", label="State", accessor="get_state_display"),
        Column("flag_count", label="Flags"),
        DateColumn("created_at", label="Posted"),
    ]
    inspect_view_fields = [
        "body",
        "page",
        "parent",
        "author",
        "author_name",
        "author_email",
        "ip_hash",
        "state",
        "hidden_by_flags",
        "created_at",
        "edited_at",
        "deleted_at",
        "decisions",
    ]
    # Readers' words are never edited by staff; decisions are made with the bulk actions.
    panels = [FieldPanel("body", read_only=True), FieldPanel("state", read_only=True)]

    def get_queryset(self, request):
        return Comment.objects.select_related("author", "page").annotate(flag_count=Count("flags"))


class BanViewSet(SnippetViewSet):
    model = Ban
    icon = "cross"
    menu_label = "Bans"
    add_to_admin_menu = False
    list_display = ["kind", "value", "reason", "by", "created_at"]
    ordering = ["-created_at"]


register_permission_policy(Comment, NoAddingPolicy(Comment))
register_snippet(CommentViewSet)
register_snippet(BanViewSet)


class ModeratorsOnly:
    """Wagtail checks a bulk action's permission object by object, and still shows anyone the
    confirmation page, which names each comment's author and quotes it: that page is refused
    here to staff who may not make the decision at all."""

    permissions = ("discussion.change_comment",)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DecisionBulkAction(ModeratorsOnly, SnippetBulkAction):
    """Approve, mark as spam or remove the chosen comments, each decision recorded."""

    models = [Comment]
    template_name = "discussion/admin/confirm_decision.html"
    decision = ""

    def check_perm(self, comment):
        return self.request.user.has_perms(self.permissions)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The confirmation page names each comment's author and question.
        return Comment.objects.filter(pk__in=object_ids).select_related("author", "page")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        user = kwargs["self"].request.user
        for comment in objects:
            moderation.moderate(comment, decision=cls.decision, by=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} comment(s): {self.display_name.lower()}."


@hooks.register("register_bulk_action")
class ApproveBulkAction(DecisionBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    explanation = "Approved comments appear on their question's page."
    decision = "approve"
    action_priority = 10


@hooks.register("register_bulk_action")
class SpamBulkAction(DecisionBulkAction):
    display_name = "Mark as spam"
    action_type = "spam"
    aria_label = "Mark the selected comments as spam"
    explanation = "Comments marked as spam leave their page and stay here, marked as spam."
    decision = "spam"
    action_priority = 20


@hooks.register("register_bulk_action")
class RemoveBulkAction(DecisionBulkAction):
    display_name = "Remove from the page"
    action_type = "remove"
    aria_label = "Take the selected comments off their pages"
    explanation = (
        "Removed comments leave their page. They stay here, where they can be approved again."
    )
    decision = "remove"
    action_priority = 30
    classes = {"serious"}


class BanForm(forms.Form):
    kind = forms.ChoiceField(label="Ban the authors by", widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason", max_length=300, required=False)

    def __init__(self, *args, kinds: dict[str, int], comments: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the chosen comments have, each saying how many of them it reaches.
        self.fields["kind"].choices = [
            (kind, f"{Ban.Kind(kind).label} ({count} of {comments} comment{pluralize(comments)})")
            for kind, count in kinds.items()
        ]


@hooks.register("register_bulk_action")
class BanAuthorBulkAction(ModeratorsOnly, SnippetBulkAction):
    """Refuse the authors' future comments, and mark the chosen comments as spam."""

    models = [Comment]
    display_name = "Ban author"
    action_type = "ban"
    aria_label = "Ban the authors of the selected comments"
    template_name = "discussion/admin/confirm_ban.html"
    form_class = BanForm
    action_priority = 40
    classes = {"serious"}

    permissions = ("discussion.change_comment", "discussion.add_ban")

    def check_perm(self, comment):
        return self.request.user.has_perms(self.permissions)

    def get_form_kwargs(self):
        comments, _ = self.get_actionable_objects()
        kinds = moderation.bannable_kinds(comments)
        return {**super().get_form_kwargs(), "kinds": kinds, "comments": len(comments)}

    def get_execution_context(self):
        return {**super().get_execution_context(), **self.cleaned_form.cleaned_data}

    @classmethod
    def get_queryset(cls, model, object_ids):
        return DecisionBulkAction.get_queryset(model, object_ids)

    @classmethod
    def execute_action(cls, objects, kind=None, reason="", **kwargs):
        user = kwargs["self"].request.user
        kwargs["self"].kind_label = Ban.Kind(kind).label.lower()
        banned = unbannable = 0
        for comment in objects:
            if moderation.ban_author(comment, kind=kind, by=user, reason=reason):
                banned += 1
                # Marked as spam only when its author was banned: nothing else was decided.
                moderation.moderate(
                    comment, decision="spam", by=user, reason=f"Author banned. {reason}"
                )
            else:
                unbannable += 1  # e.g. an account ban for a comment written without one
        return banned, unbannable

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = (
            f"Banned the authors of {num_parent_objects} comment(s) by {self.kind_label}, and "
            "marked those comments as spam."
        )
        if num_child_objects:
            message += (
                f" {num_child_objects} comment(s) had no {self.kind_label} to ban and were "
                "left as they were."
            )
        return message


class QueuePanel(Component):
    name = "moderation_queue"
    order = 50
    template_name = "discussion/admin/queue_panel.html"

    def __init__(self, queue_size: int):
        self.queue_size = queue_size

    def get_context_data(self, parent_context):
        return {"queue_size": self.queue_size}


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if request.user.has_perm("discussion.change_comment"):
        panels.append(QueuePanel(Comment.objects.in_queue().count()))
