"""What readers send (their votes on "Was this helpful?"), and the admin's reports of what
they do: the questions they read most, and those that fail them."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from plainly import abuse
from plainly.abuse import client_ip_hash
from plainly.questions.models import QuestionPage, TopicPage, draft_question
from plainly.readers import searches, voting
from plainly.readers.insights import PERIODS, most_read_questions
from plainly.readers.models import Vote

# Rows in the report: past these, a site's long tail is read too little to act on.
REPORTED = 100


def sees_reports(user) -> bool:
    """Reads are counts of pages anyone may read: whoever works in the admin may see them."""
    return user.has_perm("wagtailadmin.access_admin")


WHEN = {"day": "today", "week": "in the last 7 days", "month": "in the last 30 days"}


class Period(forms.Form):
    period = forms.ChoiceField(
        choices=[(key, when.capitalize()) for key, when in WHEN.items()],
        required=False,
        initial="week",
        label="Read in",
    )


def most_read_report(request):
    """The questions read most today, this week or this month, with their reads."""
    if not sees_reports(request.user):
        raise PermissionDenied
    period = Period(request.GET or None)
    chosen = (period.is_valid() and period.cleaned_data["period"]) or "week"
    reads = most_read_questions(PERIODS[chosen], limit=REPORTED)
    return render(
        request,
        "readers/admin/most_read.html",
        {"reads": reads, "period": period, "when": WHEN[chosen]},
    )


# Days the report of unhelpful questions looks back over.
UNHELPFUL_DAYS = 30


def least_helpful_report(request):
    """The questions readers said did not help them, most "no" votes first, with their reasons
    and words."""
    if not sees_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "readers/admin/least_helpful.html",
        {"rows": voting.least_helpful(UNHELPFUL_DAYS, limit=REPORTED), "days": UNHELPFUL_DAYS},
    )


class VoteForm(forms.Form):
    page = forms.IntegerField(min_value=1)
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    reason = forms.ChoiceField(
        choices=[("", "No reason given"), *Vote.Reason.choices],
        required=False,
        label="What was wrong?",
    )
    text = forms.CharField(
        max_length=voting.TEXT_LIMIT,
        required=False,
        label="Tell us more (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def from_this_site(request: HttpRequest) -> bool:
    """Whether a vote or beacon was sent from one of this site's pages. Browsers say where a
    form was sent from (Origin, or at least Referer); a page elsewhere cannot act in its readers'
    names. Judged as Django's CSRF check judges an origin: this site's scheme and host, or an
    origin the settings trust."""
    sent_from = request.headers.get("Origin") or request.headers.get("Referer")
    if not sent_from:
        return True  # no browser withholds both on a form it sends: a script; limits apply
    try:
        parts = urlsplit(sent_from)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
    except ValueError:  # not an address at all
        return False
    try:
        here = f"{request.scheme}://{request.get_host()}".lower()
    except DisallowedHost:
        return False
    return origin == here or origin in {each.lower() for each in settings.CSRF_TRUSTED_ORIGINS}


def answer(request: HttpRequest, status: int, message: str, template: str) -> HttpResponse:
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"error": message}, status=status)
    return render(request, template, status=status)


@csrf_exempt  # a cached page carries no token, and readers not signed in get no cookie
@never_cache
@require_POST
def helpful(request: HttpRequest) -> HttpResponse:
    """A reader's "Was this helpful?": yes or no, and after a no, why."""
    if not from_this_site(request):
        return answer(request, 403, "Votes are taken from this site's pages only.", "403.html")
    form = VoteForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return answer(request, 400, message, "400.html")
    vote = form.cleaned_data
    page = QuestionPage.objects.filter(pk=vote["page"]).first()
    if page is None or not page.is_visible_to(request):
        return answer(request, 404, "There is no such question.", "404.html")
    user = request.user
    sender = f"member:{user.pk}" if user.is_authenticated else f"ip:{client_ip_hash(request)}"
    try:
        voting.cast(
            page,
            sender=sender,
            helpful=vote["helpful"] == "yes",
            reason=vote["reason"],
            text=vote["text"],
        )
    except voting.Refused as refused:
        return answer(request, 429, str(refused), "429.html")
    asks_why = vote["helpful"] == "no" and not (vote["reason"] or vote["text"].strip())
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"recorded": True, "asks_why": asks_why})
    return render(
        request,
        "readers/voted.html",
        {"page": page, "asks_why": asks_why, "reasons": Vote.Reason.choices},
    )


# Results a reader may report opening: a reader opens a few, a script that sends more is held.
OPENED_LIMITS = [(30, 60)]


@csrf_exempt  # a beacon from the search page: no token, no cookie, the origin is checked
@require_POST
def search_opened(request: HttpRequest) -> HttpResponse:
    """A reader opened a result of their search (the search page's beacon)."""
    if not from_this_site(request):
        return HttpResponse(status=403)
    try:
        abuse.consume("readers:opened", client_ip_hash(request), OPENED_LIMITS)
    except abuse.Limited:
        return HttpResponse(status=429)
    searches.record_opened(request.POST.get("q", "")[:200])
    return HttpResponse(status=204)


def topics_for(user, *, within=None) -> list[TopicPage]:
    """The live topics (of the site whose home is ``within``, if given) the user may add a
    question to: where an editor may start one from what readers asked or searched for."""
    topics = TopicPage.objects.live().order_by("title")
    if within is not None:
        topics = topics.descendant_of(within)
    return [topic for topic in topics if topic.permissions_for_user(user).can_add_subpage()]


def failed_searches_report(request):
    """Searches that found nothing, or nothing a reader opened, most first; each with a way to
    start the question readers were looking for."""
    if not sees_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "readers/admin/failed_searches.html",
        {
            "rows": searches.failed_searches(UNHELPFUL_DAYS, limit=REPORTED),
            "days": UNHELPFUL_DAYS,
            "topics": topics_for(request.user),
        },
    )


class NewQuestion(forms.Form):
    words = forms.CharField(max_length=searches.MAX_WORDS)
    topic = forms.ModelChoiceField(queryset=TopicPage.objects.live())


@require_POST
def question_from_search(request):
    """A draft question titled with a search's words, under the topic chosen, for the editor
    to write now."""
    form = NewQuestion(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a topic for the new question.")
        return redirect("plainly_failed_searches")
    topic = form.cleaned_data["topic"]
    if not topic.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    words = form.cleaned_data["words"].strip()
    title = words[:1].upper() + words[1:]
    # Sent twice (a double click, a second editor): the draft made the first time is opened.
    question = QuestionPage.objects.child_of(topic).filter(title=title, live=False).first()
    if question is None:
        question = draft_question(topic, title, by=request.user)
        messages.success(request, f"Draft question “{title}” created in {topic.title}.")
    return redirect(reverse("wagtailadmin_pages:edit", args=[question.pk]))
