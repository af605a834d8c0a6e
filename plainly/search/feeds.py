"""Atom feeds of the newest questions: the whole site, and each topic, of the site asked for."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page, Site

from plainly.questions.figures import with_summaries
from plainly.questions.models import QuestionPage, TopicPage

ENTRIES = 20


@dataclass(frozen=True)
class Listed:
    """What one feed lists: the questions under ``under``, for ``site``. Each request's own,
    since one feed object serves every request of every thread."""

    site: Site
    under: Page

    @property
    def site_name(self) -> str:
        return self.site.site_name or "Plainly"


class LatestQuestionsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "The newest questions, each with its short answer."

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site answers for this address")
        return Listed(site, site.root_page)

    def title(self, listed):
        return f"{listed.site_name}: latest questions"

    def link(self, listed):
        return listed.site.root_url + "/"

    def items(self, listed):
        questions = QuestionPage.objects.published().descendant_of(listed.under)
        return with_summaries(list(questions.newest_first()[:ENTRIES]))

    def item_title(self, question):
        return question.title

    def item_description(self, question):
        return question.summary

    def item_link(self, question):
        return question.get_full_url()

    def item_pubdate(self, question):
        return question.first_published_at

    def item_updateddate(self, question):
        return question.modified_at

    def item_author_name(self, question):
        return question.byline or None


class TopicFeed(LatestQuestionsFeed):
    def get_object(self, request, slug):
        site = super().get_object(request).site
        topics = TopicPage.objects.published().child_of(site.root_page)
        return Listed(site, get_object_or_404(topics, slug=slug))

    def title(self, listed):
        return f"{listed.site_name}: {listed.under.title}"

    def link(self, listed):
        return listed.under.get_full_url()

    def subtitle(self, listed):
        return listed.under.intro
