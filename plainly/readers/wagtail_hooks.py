"""What readers do, in the admin: reports of the questions read most and of those readers said
did not help, and a dashboard panel of both."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from plainly.questions.admin_menus import ReportMenuItem
from plainly.readers import ask_views, views
from plainly.readers.insights import PERIODS, most_read_questions
from plainly.readers.models import AskedQuestion
from plainly.readers.voting import least_helpful

# Questions the dashboard lists: the report has the rest.
ON_THE_DASHBOARD = 5


@hooks.register("register_admin_urls")
def readers_urls():
    return [
        path("reports/most-read/", views.most_read_report, name="plainly_most_read"),
        path("reports/least-helpful/", views.least_helpful_report, name="plainly_least_helpful"),
        path(
            "reports/failed-searches/", views.failed_searches_report, name="plainly_failed_searches"
        ),
        path(
            "readers/question-from-search/",
            views.question_from_search,
            name="plainly_question_from_search",
        ),
        path("readers/asked/", ask_views.asked_questions, name="plainly_asked_questions"),
        path("readers/asked/<int:pk>/", ask_views.asked_question, name="plainly_asked_question"),
        path("readers/asked/<int:pk>/accept/", ask_views.accept_asked, name="plainly_accept_asked"),
        path("readers/asked/<int:pk>/merge/", ask_views.merge_asked, name="plainly_merge_asked"),
        path(
            "readers/asked/<int:pk>/decline/",
            ask_views.decline_asked,
            name="plainly_decline_asked",
        ),
    ]


@hooks.register("register_reports_menu_item")
def most_read_menu_item():
    return ReportMenuItem(
        "Most read questions",
        reverse("plainly_most_read"),
        icon_name="view",
        order=720,
        shown_to=views.sees_reports,
    )


@hooks.register("register_reports_menu_item")
def least_helpful_menu_item():
    return ReportMenuItem(
        "Unhelpful questions",
        reverse("plainly_least_helpful"),
        icon_name="warning",
        order=730,
        shown_to=views.sees_reports,
    )


@hooks.register("register_reports_menu_item")
def failed_searches_menu_item():
    return ReportMenuItem(
        "Failed searches",
        reverse("plainly_failed_searches"),
        icon_name="search",
        order=740,
        shown_to=views.sees_reports,
    )


@hooks.register("register_reports_menu_item")
def asked_questions_menu_item():
    return ReportMenuItem(
        "Readers’ questions",
        reverse("plainly_asked_questions"),
        icon_name="help",
        order=750,
        shown_to=views.sees_reports,
    )


class MostReadPanel(Component):
    name = "most_read"
    order = 70
    template_name = "readers/admin/most_read_panel.html"

    def get_context_data(self, parent_context):
        return {
            "reads": most_read_questions(PERIODS["week"], limit=ON_THE_DASHBOARD),
            "unhelpful": least_helpful(views.UNHELPFUL_DAYS, limit=ON_THE_DASHBOARD, texts=0),
            "asked": AskedQuestion.objects.open()
            .with_counts()
            .order_by("-readers", "-last_asked")[:ON_THE_DASHBOARD],
        }


@hooks.register("construct_homepage_panels")
def add_most_read_panel(request, panels):
    if views.sees_reports(request.user):
        panels.append(MostReadPanel())
