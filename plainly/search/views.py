from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from plainly.questions.figures import with_summaries
from plainly.questions.models import TopicPage, with_topics
from plainly.search.fulltext import RESULTS_PER_PAGE
from plainly.search.questions import clean_query, highlight, search_questions, suggest
from plainly.search.signals import searched
from plainly.search.similar import similar_questions
from plainly.serving.request_site import site_home


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    home = site_home(request)
    questions = search_questions(query, within=home)
    results = Paginator(questions, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    if query and request.GET.get("page", "1") == "1":  # a search, not reading further
        searched.send(search, request=request, query=query, found=results.paginator.count)
    found = [
        {
            "question": question,
            "title": highlight(question.title, query),
            "answer": highlight(question.summary, query),
        }
        for question in with_summaries(with_topics(results.object_list))
    ]
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "found": found,
            # Several words, and no question has them all: what is shown has some of them.
            "some_words": bool(found) and not getattr(questions, "every_word", True),
            "topics": TopicPage.objects.published().child_of(home).order_by("title")
            if not found
            else [],
            "extra_query": urlencode({"q": query}),
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def suggestions(request: HttpRequest) -> JsonResponse:
    """Question titles for the type-ahead under the header's search box."""
    query = clean_query(request.GET.get("q", ""))
    found = [
        {"title": question.title, "url": question.get_url(request)}
        for question in suggest(query, within=site_home(request))
    ]
    return JsonResponse({"query": query, "suggestions": found})


@require_GET
@cache_control(public=True, max_age=300)
def similar(request: HttpRequest) -> JsonResponse:
    """Published questions that may already answer the one a reader is asking, most alike
    first, for the type-ahead of the page to ask one."""
    query = clean_query(request.GET.get("q", ""))
    found = [
        {"title": question.title, "url": question.get_url(request)}
        for question, _ in (similar_questions(query, within=site_home(request)) if query else [])
    ]
    return JsonResponse({"query": query, "suggestions": found})
