"""Atom feeds of the newest questions: the whole site, and each topic."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from plainly.questions.models import QuestionPage, TopicPage

ENTRIES = 20


class LatestQuestionsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "The newest questions, each with its short answer."

    def get_object(self, request, *args, **kwargs):
        self.site = Site.find_for_request(request)
        return None

    def title(self):
        return f"{self.site.site_name or 'Plainly'}: latest questions"

    def link(self):
        return self.site.root_url + "/"

    def items(self):
        return QuestionPage.objects.published().newest_first()[:ENTRIES]

    def item_title(self, question):
        return question.title

    def item_description(self, question):
        return question.short_answer

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
        super().get_object(request)
        topic = TopicPage.objects.published().filter(slug=slug).first()
        if topic is None:
            raise Http404("No such topic")
        return topic

    def title(self, topic):
        return f"{self.site.site_name or 'Plainly'}: {topic.title}"

    def link(self, topic):
        return topic.get_full_url()

    def subtitle(self, topic):
        return topic.intro

    def items(self, topic):
        return QuestionPage.objects.published().child_of(topic).newest_first()[:ENTRIES]
