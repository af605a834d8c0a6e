"""The site's public record of its corrections."""

from wagtail.models import Page

from plainly.questions.models import Correction, QuestionPage


def published_corrections(home: Page, limit: int):
    """The newest ``limit`` corrections of the published questions under ``home`` that anyone
    may read (a draft's correction is not public yet), each with its page."""
    questions = QuestionPage.objects.published().descendant_of(home)
    return (
        Correction.objects.filter(page__in=questions)
        .select_related("page")
        .order_by("-date", "-pk")[:limit]
    )
