"""Editors are warned, while they type a new question's title, of questions already answered."""

from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from plainly.search.questions import clean_query
from plainly.search.similar import similar_questions


def similar_to_title(request: HttpRequest) -> JsonResponse:
    title = clean_query(request.GET.get("title", ""))
    exclude = request.GET.get("exclude", "")
    found = similar_questions(title, exclude=int(exclude) if exclude.isdigit() else None)
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
