"""Editors are warned, while they type a new question's title, of questions already answered."""

from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page

from plainly.search.questions import clean_query
from plainly.search.similar import similar_questions, site_home_of


def _page_id(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) < 2**31 else None


def similar_to_title(request: HttpRequest) -> JsonResponse:
    """Published questions like the title typed, among those of the site of the page edited
    (``exclude``, itself left out) or of the page a new one is added under (``parent``)."""
    title = clean_query(request.GET.get("title", ""))
    exclude = _page_id(request.GET.get("exclude", ""))
    page = Page.objects.filter(pk=exclude or _page_id(request.GET.get("parent", ""))).first()
    home = site_home_of(page) if page else None
    found = similar_questions(title, within=home, exclude=exclude) if home else []
    return JsonResponse(
        {
            "similar": [
                {"title": question.title, "url": question.url, "score": round(score, 2)}
                for question, score in found
            ]
        }
    )


@hooks.register("register_admin_urls")
def admin_urls():
    # Under /admin/, so only people who may open the admin can ask.
    return [path("plainly/similar-questions/", similar_to_title, name="plainly_similar_questions")]


@hooks.register("insert_editor_js")
def similar_questions_js():
    return format_html('<script src="{}" defer></script>', static("search/similar_questions.js"))
