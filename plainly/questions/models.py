"""The page tree of a Plainly site: a home page, its topics, and the questions in each topic."""

import copy
import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.blocks import StreamValue
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail.url_routing import RouteResult

from plainly.backends.prepared import Prepared
from plainly.facts.models import shown_by_id
from plainly.facts.rich_text import fact_ids_in
from plainly.pagecache import (
    Fragment,
    SharedPageMixin,
    keep_private,
    kept,
    kept_each,
    kept_own,
)
from plainly.questions import structured_data
from plainly.questions.blocks import ANSWER_FEATURES, SHORT_ANSWER_FEATURES, BodyBlock
from plainly.questions.figures import (
    FACT_PLACEHOLDER,
    fact_ids_on,
    key_facts_html,
    summary_of,
    with_fact_sources,
    with_summaries,
)
from plainly.questions.panels import SearchPreviewPanel

QUESTIONS_PER_TOPIC_PAGE = 20
LATEST_ON_HOME = 10


class DiscussionMode(models.TextChoices):
    """How a question's discussion takes comments; the discussion app applies it."""

    OPEN = "open", "Open: comments appear as the rules allow"
    HOLD = "hold", "Hold every comment for moderation"
    CLOSED = "closed", "Closed: no new comments"


class PlainlyPageQuerySet(PageQuerySet):
    def published(self):
        """Pages any reader may see: live and not behind a view restriction."""
        return self.live().public()

    def private_q(self):
        # Most sites restrict no page at all: each process knows that until the next purge
        # (adding a restriction purges every page), and asks nothing. Wagtail reads restrictions
        # joined to their pages, which SQLite plans as a scan of every page (13 ms at 100,000).
        if not kept("any view restriction", PageViewRestriction.objects.exists):
            return Q(pk__in=[])
        restricted = Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id"))
        q = Q()
        for page in restricted.only("path", "depth"):
            q |= self.descendant_of_q(page, inclusive=True)
        return q

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")


PlainlyPageManager = PageManager.from_queryset(PlainlyPageQuerySet)


def parent_path(page: Page) -> str:
    """The tree path of ``page``'s parent: its own path minus the last step."""
    return page.path[: -page.steplen]


def newest_first(corrections) -> list["Correction"]:
    return sorted(
        corrections, key=lambda correction: (correction.date, correction.pk or 0), reverse=True
    )


def with_topics(questions) -> list["QuestionPage"]:
    """Evaluate ``questions`` and attach each one's topic, fetching all the topics in one query,
    or none while this process keeps them (until the next purge: renaming a topic purges)."""
    questions = list(questions)
    topics = kept_each({("topic", parent_path(question)) for question in questions}, _topics)
    for question in questions:
        question.topic = topics[("topic", parent_path(question))]
    return questions


def _topics(keys) -> dict:
    paths = [path for _, path in keys]
    return {("topic", topic.path): topic for topic in TopicPage.objects.filter(path__in=paths)}


# Social sites show a shared link's image at 1.91:1, at best 1200 pixels wide.
SHARE_IMAGE_FILTER = "fill-1200x630"


class PlainlyPageForm(WagtailAdminPageForm):
    """The page editor's form for every page of the tree."""

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_a_stale_copy()
        return cleaned_data

    def refuse_a_stale_copy(self):
        """Refuse a form opened before someone else saved the page (autosaving included):
        sending it would quietly replace their version. The form is shown again with the
        editor's changes, and sending it once more (now knowing) replaces theirs, as Wagtail's
        own conflict dialog allows."""
        page = self.instance
        overwriting = self.data.get("overwrite_revision_id")
        loaded = overwriting or self.data.get("loaded_revision_id")
        if not (page.pk and page.latest_revision_id and loaded):
            return  # a new page, or a form that does not say what it was opened on
        latest = page.latest_revision
        if self.for_user is not None and latest.user_id == self.for_user.pk:
            return  # their own autosave, perhaps still on its way when they pressed Publish
        stale = loaded != str(latest.pk) or (
            not overwriting
            and self.data.get("loaded_revision_created_at") != latest.created_at.isoformat()
        )
        if stale:
            who = latest.user.public_name if latest.user else "Someone"
            when = timezone.localtime(latest.created_at).strftime("%H:%M")
            self.add_error(
                None,
                f"Not saved: {who} saved a newer version of this page at {when} while you had "
                "it open. Your changes are below. To keep theirs, open the page again; to "
                "replace theirs with yours, send this form again.",
            )


def review_interval_field(**kwargs) -> models.PositiveSmallIntegerField:
    """How often a page is due for review, in months: empty to follow the level above."""
    return models.PositiveSmallIntegerField(
        "review every (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "Review at least once a month: give 1 or more months.")],
        **kwargs,
    )


class PlainlyPage(SharedPageMixin, Page):
    """What every page of the tree shares: shareable by caches, cheap to serve."""

    hide_from_search_engines = models.BooleanField(
        default=False,
        help_text="Ask search engines not to list this page, and leave it out of the sitemap.",
    )

    objects = PlainlyPageManager()
    base_form_class = PlainlyPageForm
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("hide_from_search_engines"),
            ],
            heading="For search engines",
        ),
        SearchPreviewPanel(),
        # Redirects keep a page's old addresses working.
        HelpPanel(heading="Redirects", template="questions/admin/redirects_help.html"),
    ]

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        # A render asks for its page's address three times (the canonical link, the article,
        # the discussion), a list for each of its questions': the page remembers it, and so do
        # the copies requests get of a page each process keeps (until the next purge: moving a
        # page or changing a site purges). Keyed by the tree path and the sites' roots as well,
        # so a preview of a moved page, or a page after a site's change, gets its own.
        if request is None:
            return super().get_url_parts(request)
        known = self.__dict__.setdefault("_plainly_url_parts", {})
        key = (self.url_path, tuple(self._get_site_root_paths(request)))
        if key not in known:
            known[key] = super().get_url_parts(request)
        return known[key]

    def get_sitemap_urls(self, request=None):
        return [] if self.hide_from_search_engines else super().get_sitemap_urls(request)

    def is_visible_to(self, request) -> bool:
        """Whether this request may see the page: live, and let through by every view
        restriction on it or above it (a private topic, a password, a group)."""
        return self.live and all(
            restriction.accept_request(request) for restriction in self.get_view_restrictions()
        )

    def get_view_restrictions(self):
        # Most sites restrict no page at all: each process knows that until the next purge
        # (adding a restriction purges every page), and asks nothing.
        if not kept("any view restriction", PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        # One query where Wagtail makes two: the ancestors' paths are the prefixes of this page's.
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        aliased = Page.objects.filter(path__in=paths, alias_of__isnull=False)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__in=aliased.values("alias_of"))
        )


class HomePage(PlainlyPage):
    intro = models.TextField(
        blank=True, max_length=600, help_text="A sentence or two that says what this site answers."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["questions.TopicPage", "questions.PlainPage"]

    def route(self, request, path_components):
        # A topic or question is found by its whole path in one query (an indexed column), where
        # Wagtail's walk down the tree takes two queries a level; each process keeps what it
        # found until the next purge (publishing, unpublishing and moving pages all purge).
        if 1 <= len(path_components) <= 2:
            url_path = self.url_path + "/".join(path_components) + "/"
            if len(path_components) == 1:
                page = kept_own(
                    ("live page", url_path),
                    lambda: TopicPage.objects.filter(url_path=url_path, live=True).first(),
                )
            else:
                page = kept_own(("live page", url_path), lambda: live_question_at(url_path))
            if page is not None:
                # A copy of its own for each request: what a render notes on it stays there.
                return RouteResult(copy.copy(page))
        # Anything else, or nothing, takes Wagtail's own way, with its 404s.
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = QuestionPage.objects.published().descendant_of(self).newest_first()
        context["latest_questions"] = with_summaries(with_topics(latest[:LATEST_ON_HOME]))
        context["topics"] = TopicPage.objects.published().child_of(self).order_by("title")
        context["canonical_url"] = self.get_full_url(request)
        return context


class TopicPage(PlainlyPage):
    intro = models.TextField(
        max_length=1000, help_text="What this topic covers, in a sentence or two."
    )

    review_every_months = review_interval_field(
        help_text=(
            "How often this topic's questions are due for review. Leave empty for the site's "
            "editorial policy; a question may set its own."
        )
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("review_every_months")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    shared_parameters = frozenset({"page"})
    parent_page_types = ["questions.HomePage"]
    subpage_types = ["questions.QuestionPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        questions = QuestionPage.objects.published().child_of(self).newest_first()
        # get_page() turns a junk or out-of-range ?page= into the nearest real page, never an error;
        # such a page is shown, but kept by no shared cache, so junk numbers cannot fill them.
        asked = request.GET.get("page")
        context["questions"] = Paginator(questions, QUESTIONS_PER_TOPIC_PAGE).get_page(asked)
        context["questions"].object_list = with_summaries(list(context["questions"].object_list))
        if asked is not None and asked != str(context["questions"].number):
            keep_private(request)
        context["canonical_url"] = self.get_full_url(request)
        if context["questions"].number > 1:
            context["canonical_url"] += f"?page={context['questions'].number}"
        return context


def draft_question(topic: "TopicPage", title: str, *, by=None) -> "QuestionPage":
    """A new question under ``topic``, a draft with only its title, for an editor to write (as
    Wagtail's "Save draft" keeps one: a draft is checked for its title and slug alone)."""
    slug = free_slug(topic, slugify(title, allow_unicode=True)[:80] or "question")
    question = QuestionPage(title=title[:255], slug=slug, live=False)
    question.owner = by
    topic.add_child(instance=question)
    question.save_revision(user=by, log_action=True, clean=False)
    return question


def free_slug(parent: Page, slug: str, page: Page | None = None) -> str:
    """``slug``, or the first of ``slug-2``, ``slug-3``... no other page under ``parent`` has."""
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# What a page about the site itself needs: sections, lists, links and emphasis, no more.
PLAIN_PAGE_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class PlainPage(PlainlyPage):
    """A page about the site itself (About, Privacy, Contact, Editorial policy), linked from the
    footer by the site's Footer setting."""

    intro = models.TextField(
        max_length=600, blank=True, help_text="A sentence or two under the title. Optional."
    )
    body = RichTextField(features=PLAIN_PAGE_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["questions.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "plain page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_full_url(request)
        return context

    @property
    def modified_at(self) -> datetime.datetime:
        return self.last_published_at or self.latest_revision_created_at or timezone.now()


# Checks a question must pass to be published, registered by the apps above this one (the
# editorial checks): each is called with the page editor's form, its fields valid, and returns
# the reasons it refuses, if any. Saving a draft is never refused.
REFUSE_TO_PUBLISH_HOOK = "plainly_refuse_to_publish_question"


@dataclass(frozen=True)
class DraftWords:
    """What a question about to be published says, read from the page editor's form."""

    short_answer: str
    key_facts: list[str]
    body: StreamValue
    faq: list[tuple[str, str]]


class QuestionPageForm(PlainlyPageForm):
    def clean(self):
        cleaned_data = super().clean()
        answer = cleaned_data.get("short_answer")
        if answer and not (get_text_for_indexing(answer).strip() or fact_ids_in(answer)):
            # Empty paragraphs pass the field's own "required".
            self.add_error("short_answer", "Write the short answer: one to three sentences.")
        # Validating the formsets here is safe: Django caches the result for the later check.
        has_facts = bool(self.kept_rows("key_facts"))
        if has_facts and not cleaned_data.get("key_facts_heading"):
            self.add_error(
                "key_facts_heading", "Give the key facts a heading, e.g. “More about Korea”."
            )
        if self.publishes() and not self.errors:
            words = self.draft_words()
            for refuse in hooks.get_hooks(REFUSE_TO_PUBLISH_HOOK) if words else ():
                for reason in refuse(self.instance, words):
                    self.add_error(None, reason)
        return cleaned_data

    def publishes(self) -> bool:
        """Whether the editor pressed Publish, or approved a submission (which publishes it)."""
        approving = (
            "action-workflow-action" in self.data
            and self.data.get("workflow-action-name") == "approve"
        )
        return "action-publish" in self.data or approving

    def kept_rows(self, name: str) -> list[dict]:
        """The cleaned rows of an inline formset the editor kept (not deleted), or none if it
        is invalid."""
        formset = self.formsets[name]
        if not formset.is_valid():
            return []
        return [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def draft_words(self) -> DraftWords | None:
        """The question's words as sent, or None while its FAQ or key facts are invalid."""
        if not (self.formsets["key_facts"].is_valid() and self.formsets["faq_items"].is_valid()):
            return None
        return DraftWords(
            short_answer=self.cleaned_data.get("short_answer", ""),
            key_facts=[row["text"] for row in self.kept_rows("key_facts")],
            body=self.cleaned_data.get("body") or [],
            faq=[(row["question"], row["answer"]) for row in self.kept_rows("faq_items")],
        )


class QuestionPage(PlainlyPage):
    """One question, answered: short answer first, then the detail, facts, FAQ and sources."""

    byline = models.CharField(
        max_length=120,
        blank=True,
        help_text="The writer's name. Leave empty to credit the site's editors.",
    )
    # Who last checked the answer, and when: set by the "reviewed" action and by approving a
    # submission, never typed (see with_content_json).
    last_reviewed = models.DateField(
        default=datetime.date.today, help_text="When an editor last checked this answer."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_every_months = review_interval_field(
        help_text=(
            "How often this question is due for review. Leave empty to follow its topic, or "
            "the site's editorial policy."
        )
    )
    short_answer = RichTextField(
        features=SHORT_ANSWER_FEATURES,
        max_length=600,
        help_text=(
            "One to three sentences that answer the question outright. A figure from Facts is "
            "shown as it is now."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The full answer.")
    discussion_mode = models.CharField(
        "discussion",
        max_length=10,
        choices=DiscussionMode.choices,
        default=DiscussionMode.OPEN,
        help_text="Close the discussion or hold every comment on this question.",
    )
    key_facts_heading = models.CharField(
        max_length=120,
        blank=True,
        help_text="The heading of the key-facts box, e.g. “More about Korea”.",
    )
    social_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown with a link to the question on social media. Without one, the answer's first "
            "image is shown, or else the site's (Settings, Sharing)."
        ),
    )

    # Words for editors to group questions by across topics (an imported site's tags, too).
    tags = ClusterTaggableManager(
        through="questions.QuestionPageTag",
        blank=True,
        help_text="Words that group questions across topics, for editors; readers do not see them.",
    )

    base_form_class = QuestionPageForm
    # A copy is a new page that nobody has reviewed yet.
    exclude_fields_in_copy = ["last_reviewed", "reviewed_by"]
    content_panels = [
        # Fills the slug from the question as the editor types, as for every other page.
        TitleFieldPanel(
            "title",
            heading="Question",
            placeholder="Question*",
            help_text="Ask it the way readers would type it into a search box.",
        ),
        FieldPanel("short_answer"),
        FieldPanel("byline"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("key_facts_heading"), InlinePanel("key_facts", label="Key fact")],
            heading="Key facts",
        ),
        InlinePanel("faq_items", label="Frequently asked question", heading="FAQ"),
        InlinePanel("sources", label="Source", heading="Sources"),
        InlinePanel(
            "corrections",
            label="Correction",
            heading="Corrections",
            help_text=(
                "Record a correction only when the page said something wrong: readers see it "
                "under the byline and on the site's corrections page. Other edits stay silent."
            ),
        ),
    ]
    promote_panels = [
        *PlainlyPage.promote_panels,
        FieldPanel("social_image", heading="Image when shared"),
        FieldPanel("tags"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("discussion_mode"),
        MultiFieldPanel(
            [
                HelpPanel(template="questions/admin/review_help.html"),
                FieldPanel("review_every_months"),
            ],
            heading="Review",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_answer"),
        index.SearchField("body"),
        index.RelatedFields(
            "faq_items", [index.SearchField("question"), index.SearchField("answer")]
        ),
        index.RelatedFields("key_facts", [index.SearchField("text")]),
        index.FilterField("last_reviewed"),
    ]
    parent_page_types = ["questions.TopicPage"]
    subpage_types = []
    shared_parameters = frozenset({"comments", "order"})  # the discussion's page and order

    def shell_name(self, request) -> str | None:
        # Around the discussion, readers see the live revision as this address shows it.
        return f"{self.live_revision_id}:{self.get_full_url(request)}"

    class Meta:
        verbose_name = "question"

    @cached_property
    def topic(self) -> "TopicPage | None":
        # Kept in each process until the next purge, as for lists (with_topics): renaming,
        # moving or unpublishing a topic purges.
        key = ("topic", parent_path(self))
        return kept_each([key], _topics)[key]

    @cached_property
    def summary(self) -> str:
        """The short answer in words, each fact's figure as it is now: the page's description
        wherever it is listed or shared. ``with_summaries`` reads a list's facts at once."""
        return summary_of(self.short_answer, shown_by_id(fact_ids_in(self.short_answer)))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_full_url(request)
        context["article"] = self.rendered_article(request, context)
        return context

    def rendered_article(self, request, context) -> dict:
        """The question and its answer as HTML (``body``, and ``head`` for the document's head).

        They are the same for every reader, members included, so they are kept rendered until
        the page is purged (or a new revision goes live), and stored in the database until a
        purge that is not only about the discussion: a new comment does not draw the article
        again. A preview is always rendered afresh.
        """
        fragment = None
        if not getattr(request, "is_preview", False):
            path = self.get_url_parts(request)[2]
            name = f"article:{self.live_revision_id}:{context['canonical_url']}"
            started = getattr(request, "started_at", None)
            # Stored in the database, which every process reads: not in the shared cache too.
            fragment = Fragment(path, name, durable=True, shared=False, read_from=started)
            kept = fragment.get()
            if kept is not None:
                return kept
        if fragment is None:  # a preview: the parts as the editor has them, not yet saved
            faq_items = list(self.faq_items.all())
            key_facts = list(self.key_facts.all())
            corrections = newest_first(self.corrections.all())
            sources = list(self.sources.all())
        else:
            faq_items, key_facts, corrections, sources = article_parts(self.pk)
        facts = shown_by_id(fact_ids_on(key_facts, self.body, faq_items, self.short_answer))
        self.summary = summary_of(self.short_answer, facts)
        site = Site.find_for_request(request)
        shared = self.share_image(site)
        share = shared.get_rendition(SHARE_IMAGE_FILTER) if shared else None
        share_url = share.full_url if share else None
        parts = {
            **context,
            "key_facts": key_facts_html(key_facts, facts),
            "shown_facts": facts,  # for the body's paragraphs and the FAQ's answers
            "faq_items": faq_items,
            "corrections": corrections,
            "sources": with_fact_sources(sources, list(facts.values())),
            "share": share,
            "share_url": share_url,
            "structured_data": structured_data.for_question(
                self,
                url=context["canonical_url"],
                faq_items=faq_items,
                facts=facts,
                corrections=corrections,
                site_name=site.site_name if site else "",
                image_url=share_url,
            ),
        }
        article = {
            "head": render_to_string("questions/includes/article_head.html", parts, request),
            "body": render_to_string("questions/includes/article.html", parts, request),
            "shares_an_image": share is not None,
            "description": self.summary,
        }
        if fragment is not None:
            fragment.keep(article)
        return article

    def share_image(self, site: Site | None):
        """The image shown with a shared link: the question's own, else the answer's first,
        else the site's default; None if there is none."""
        if self.social_image_id:
            return self.social_image
        for block in self.body:
            if block.block_type == "image" and block.value["image"]:
                return block.value["image"]
        if site is None:
            return None
        # Read, not for_site(): that would write a row on a reader's visit. Which image it is
        # is kept in each process until the next purge (saving the settings purges every page);
        # the image itself is read afresh, as an editor may replace its file.
        image_id = kept(
            ("default share image", site.pk),
            lambda: (
                SharingSettings.objects.filter(site=site)
                .values_list("default_image_id", flat=True)
                .first()
            ),
        )
        return get_image_model().objects.filter(pk=image_id).first() if image_id else None

    @property
    def modified_at(self) -> datetime.datetime:
        return self.last_published_at or self.latest_revision_created_at or timezone.now()

    def with_content_json(self, content):
        # When a page was last reviewed is a fact about the live page, not part of a draft:
        # publishing an older draft must not wind the review back.
        page = super().with_content_json(content)
        page.last_reviewed = self.last_reviewed
        page.reviewed_by_id = self.reviewed_by_id
        return page


class QuestionPageTag(TaggedItemBase):
    content_object = ParentalKey(
        QuestionPage, related_name="tagged_items", on_delete=models.CASCADE
    )


class KeyFact(Orderable):
    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="key_facts")
    text = models.CharField(
        max_length=300,
        help_text=(
            "One figure or fact, in a sentence. With a fact chosen, write {fact} where its "
            "figure goes: “{fact} North Koreans have resettled in the South.”"
        ),
    )
    fact = models.ForeignKey(
        "facts.Fact",
        null=True,
        blank=True,
        # Deleting a fact a page shows is refused in the admin (facts' wagtail_hooks); old
        # revisions naming one that is gone open without it.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A figure from Facts: shown with its date, linked to its source, kept current.",
    )

    panels = [FieldPanel("text"), FieldPanel("fact")]

    def __str__(self):
        return self.text

    def clean(self):
        placeholders = self.text.count(FACT_PLACEHOLDER)
        if self.fact_id and placeholders != 1:
            raise ValidationError({"text": "Write {fact} once, where the fact's figure goes."})
        if not self.fact_id and placeholders:
            raise ValidationError({"fact": "Choose the fact that {fact} stands for."})


class FAQItem(Orderable):
    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="faq_items")
    question = models.CharField(max_length=255)
    answer = RichTextField(
        features=ANSWER_FEATURES,
        max_length=3000,
        help_text="A few short paragraphs. A figure from Facts is shown as it is now.",
    )

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "FAQ item"

    def __str__(self):
        return self.question


class Source(Orderable):
    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    accessed = models.DateField(
        null=True, blank=True, help_text="When the web page was read; needed with a URL."
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldRowPanel([FieldPanel("url"), FieldPanel("accessed")]),
    ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.url and not self.accessed:
            raise ValidationError({"accessed": "Say when the page at this URL was read."})


class Correction(Orderable):
    """A public correction: what the page said wrong, and what is right. Recorded by an editor
    when publishing the change, it stays with the page for readers to see."""

    page = ParentalKey(QuestionPage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(default=datetime.date.today, help_text="When the page was corrected.")
    wrong = models.TextField(
        "what was wrong",
        max_length=500,
        help_text="What the page said: “An earlier version said the zone was 2 km wide.”",
    )
    right = models.TextField(
        "what is right",
        max_length=500,
        help_text="What is true: “It is about 4 km wide, 2 km either side of the line.”",
    )

    panels = [FieldPanel("date"), FieldPanel("wrong"), FieldPanel("right")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"

    def __str__(self):
        return f"{self.date}: {self.wrong}"

    @property
    def text(self) -> str:
        return f"{self.wrong.strip()} {self.right.strip()}"

    def clean(self):
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": "A correction cannot be dated in the future."})
        if not (self.wrong or "").strip() or not (self.right or "").strip():
            raise ValidationError("Say what was wrong and what is right.")


@register_setting(icon="image")
class SharingSettings(BaseSiteSetting):
    """How the site's pages look when shared on social media."""

    default_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown with a shared question that has no image of its own, 1200×630 at best.",
    )

    panels = [FieldPanel("default_image")]

    class Meta:
        verbose_name = "sharing"


@register_setting(icon="list-ul")
class FooterSettings(ClusterableModel, BaseSiteSetting):
    """The pages every page's footer links to: About, Privacy, Contact..."""

    panels = [InlinePanel("links", label="Link", heading="Links in the footer")]

    class Meta:
        verbose_name = "footer"


class FooterLink(Orderable):
    footer = ParentalKey(FooterSettings, on_delete=models.CASCADE, related_name="links")
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Linked while it is published.",
    )
    label = models.CharField(
        max_length=60, blank=True, help_text="Shown instead of the page's title, e.g. “Privacy”."
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    def __str__(self):
        return self.label or self.page.title


def footer_links(site: Site | None) -> list[tuple[str, str]]:
    """(address, label) of each published page the site's footer links to, in order."""
    if site is None:
        return []
    links = FooterLink.objects.filter(footer__site=site, page__live=True).select_related("page")
    return [
        (url, link.label or link.page.title)
        for link in links.order_by("sort_order")
        if (url := link.page.relative_url(site))
    ]


class FAQRow(NamedTuple):
    question: str
    answer: str


class KeyFactRow(NamedTuple):
    text: str
    fact_id: int | None


class CorrectionRow(NamedTuple):
    date: datetime.date
    wrong: str
    right: str

    text = Correction.text


class SourceRow(NamedTuple):
    title: str
    publisher: str
    url: str
    accessed: datetime.date | None


# A question's parts, read on each first render of its article: built once per process
# (backends.prepared), as building them took Django longer than running them took the database.
_NO_PAGE = -7_000_001  # the stand-in: an id no page has


def _parts_of(model, *fields, order=("sort_order",)) -> Prepared:
    return Prepared(
        lambda page: model.objects.filter(page_id=page).order_by(*order).values_list(*fields),
        page=_NO_PAGE,
    )


_FAQ = _parts_of(FAQItem, "question", "answer")
_KEY_FACTS = _parts_of(KeyFact, "text", "fact_id")
_CORRECTIONS = _parts_of(Correction, "date", "wrong", "right", order=("-date", "-pk"))
_SOURCES = _parts_of(Source, "title", "publisher", "url", "accessed")


def article_parts(page_id: int) -> tuple[list, list, list, list]:
    """A saved question's FAQ, key facts, corrections (newest first) and sources, as rows with
    their models' fields: what its article shows of them."""
    return (
        [FAQRow(*row) for row in _FAQ.rows(page=page_id)],
        [KeyFactRow(*row) for row in _KEY_FACTS.rows(page=page_id)],
        [CorrectionRow(*row) for row in _CORRECTIONS.rows(page=page_id)],
        [SourceRow(*row) for row in _SOURCES.rows(page=page_id)],
    )


def _question_fields() -> list[str]:
    return [field.attname for field in QuestionPage._meta.concrete_fields]


# What a route reads of a question, with the name of whoever last reviewed it (shown under it).
_REVIEWER_FIELDS = ("username", "display_name")
_LIVE_QUESTION = Prepared(
    lambda path: (
        QuestionPage.objects.filter(url_path=path, live=True)
        .order_by("pk")
        .values_list(*_question_fields(), *(f"reviewed_by__{name}" for name in _REVIEWER_FIELDS))
    )[:1],
    path="/no page has this path/",
)


# What a list of questions reads of each (a page of search results): every field but the
# bodies, for up to a page's worth of ids at once, by a query built once per process (building it
# took Django longer than the database took to answer it).
_LISTED_AT_ONCE = 10


def _listed_fields() -> list[str]:
    return [
        field.attname
        for field in QuestionPage._meta.concrete_fields
        if not isinstance(field, StreamField)
    ]


_LIVE_QUESTIONS = Prepared(
    lambda **ids: QuestionPage.objects.filter(pk__in=list(ids.values()), live=True).values_list(
        *_listed_fields()
    ),
    # Stand-ins: ids no page has, one for each place in the list.
    **{f"id{place}": -7_000_100 - place for place in range(_LISTED_AT_ONCE)},
)


def live_questions(ids: list[int]) -> dict[int, QuestionPage]:
    """The live questions among ``ids``, by id, their bodies left to be read if asked for (no
    list shows one), as ``QuestionPage.objects.live().defer_streamfields().in_bulk(ids)``."""
    fields = _listed_fields()
    wanted = list(dict.fromkeys(ids))
    found = {}
    for start in range(0, len(wanted), _LISTED_AT_ONCE):
        some = wanted[start : start + _LISTED_AT_ONCE]
        some += [0] * (_LISTED_AT_ONCE - len(some))  # places left over: an id no page has
        places = {f"id{place}": pk for place, pk in enumerate(some)}
        for row in _LIVE_QUESTIONS.rows(**places):
            question = QuestionPage.from_db(DEFAULT_DB_ALIAS, fields, row)
            found[question.pk] = question
    return found


def live_question_at(url_path: str) -> QuestionPage | None:
    """The live question at ``url_path``, with whoever last reviewed it. Read by a query built
    once (a question's first render begins with it; building it took Django twice as long as
    the rest of the read), and made into a page as Django would have made it."""
    rows = _LIVE_QUESTION.rows(path=url_path)
    if not rows:
        return None
    fields = _question_fields()
    page = QuestionPage.from_db(DEFAULT_DB_ALIAS, fields, rows[0][: len(fields)])
    if page.reviewed_by_id is not None:
        reviewer = get_user_model().from_db(
            DEFAULT_DB_ALIAS,
            ["id", *_REVIEWER_FIELDS],
            [page.reviewed_by_id, *rows[0][len(fields) :]],
        )
        QuestionPage._meta.get_field("reviewed_by").set_cached_value(page, reviewer)
    return page
