from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from plainly.search.questions import clean_query, search_questions

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    results = Paginator(search_questions(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {"search_query": query, "results": results, "extra_query": urlencode({"q": query})},
    )
