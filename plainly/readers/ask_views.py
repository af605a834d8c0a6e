"""Asking a question: the readers' page to ask one, and the editors' triage of what was asked."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from plainly import abuse
from plainly.abuse import client_ip_hash, writing_ticket
from plainly.questions.models import QuestionPage, TopicPage
from plainly.readers import asking
from plainly.readers.models import AskedQuestion
from plainly.readers.views import sees_reports, topics_for
from plainly.search.similar import similar_questions

SIMILAR_SHOWN = 5
ASKED_PER_PAGE = 50
# The words of one question's readers shown on its triage page.
ASKINGS_SHOWN = 50


class AskForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        widget=forms.TextInput(attrs={"maxlength": asking.MAX_LENGTH}),
        strip=False,
        help_text="One question, in your own words.",
        error_messages={"required": "Write your question before you send it."},
    )
    email = forms.EmailField(
        label="Your email address (optional)",
        max_length=254,
        required=False,
        help_text="Only to tell you once, when your question is answered. Then we delete it.",
    )
    # A field people never see: only robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_question(self) -> str:
        text = asking.cleaned(self.cleaned_data["question"])
        problem = asking.problem_with(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


def _similar(request: HttpRequest, text: str) -> list[QuestionPage]:
    site = Site.find_for_request(request)
    if not text or site is None:
        return []
    return [page for page, _ in similar_questions(text, within=site.root_page)][:SIMILAR_SHOWN]


@never_cache  # each form has its own ticket and token
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """The page to ask a question the site does not answer yet (from a search that found
    nothing, with its words, or from the end of a question page)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    if request.method == "GET":
        words = request.GET.get("q", "")[: asking.MAX_LENGTH]
        form = AskForm(initial={"question": words, "started": writing_ticket()})
        return render(request, "readers/ask.html", {"form": form})

    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "readers/ask.html", {"form": form}, status=400)
    text = form.cleaned_data["question"]
    sender = abuse.Sender(
        ip_hash=client_ip_hash(request), user=request.user, email=form.cleaned_data["email"]
    )
    try:
        asking.ask(
            site,
            text,
            email=form.cleaned_data["email"],
            sender=sender,
            ticket=form.cleaned_data["started"],
            is_robot=bool(form.cleaned_data["website"]),
        )
    except abuse.Refused as refusal:
        form.data = form.data.copy()
        form.data["started"] = writing_ticket()  # "too fast" was this ticket: the next is fresh
        form.add_error(None, str(refusal))
        status = 429 if isinstance(refusal, asking.RateLimited) else 400
        return render(request, "readers/ask.html", {"form": form}, status=status)
    # A robot's question is not stored, and it is told what people are told.
    return render(
        request,
        "readers/asked.html",
        {"email": form.cleaned_data["email"], "similar": _similar(request, text)},
    )


# The editors' triage.


def may_decide(user) -> bool:
    """Merging and declining answer readers for the site: whoever may publish questions."""
    return PagePermissionPolicy().user_has_permission(user, "publish")


ORDERS = {
    "most": ("Most asked", ["-readers", "-last_asked"]),
    "newest": ("Newest", ["-last_asked"]),
    "oldest": ("Waiting longest", ["first_asked"]),
}
SHOWN = {
    "open": ("To answer", [AskedQuestion.State.WAITING, AskedQuestion.State.ACCEPTED]),
    "done": (
        "Decided",
        [
            AskedQuestion.State.ANSWERED,
            AskedQuestion.State.MERGED,
            AskedQuestion.State.DECLINED,
        ],
    ),
}


class Listing(forms.Form):
    show = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SHOWN.items()], required=False, label="Show"
    )
    order = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in ORDERS.items()],
        required=False,
        label="Order",
    )


def asked_questions(request: HttpRequest) -> HttpResponse:
    """The questions readers asked, grouped, most asked first (or newest, or oldest)."""
    if not sees_reports(request.user):
        raise PermissionDenied
    listing = Listing(request.GET or None)
    chosen = listing.cleaned_data if listing.is_valid() else {}
    show = chosen.get("show") or "open"
    order = chosen.get("order") or "most"
    questions = (
        AskedQuestion.objects.with_counts()
        .filter(state__in=SHOWN[show][1])
        .select_related("page")
        .order_by(*ORDERS[order][1], "pk")
    )
    page = Paginator(questions, ASKED_PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "readers/admin/asked_questions.html",
        {
            "listing": listing,
            "questions": page,
            "show": show,
            "order": order,
            "may_decide": may_decide(request.user),
        },
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=QuestionPage.objects.live(),
        label="The published question that answers it",
        widget=AdminPageChooser(target_models=[QuestionPage]),
    )

    def __init__(self, *args, question: AskedQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        # The site's own questions: its readers are sent the link.
        into = self.fields["into"]
        into.queryset = into.queryset.descendant_of(question.site.root_page)


class AcceptForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=TopicPage.objects.live(), label="Topic")

    def __init__(self, *args, question: AskedQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        topic.queryset = topic.queryset.descendant_of(question.site.root_page)


def asked_question(request: HttpRequest, pk: int) -> HttpResponse:
    """One question readers asked: every reader's words, the published questions that look
    alike, and the three decisions."""
    if not sees_reports(request.user):
        raise PermissionDenied
    question = get_object_or_404(AskedQuestion.objects.with_counts().select_related("page"), pk=pk)
    return render(
        request,
        "readers/admin/asked_question.html",
        {
            "question": question,
            "askings": question.askings.order_by("-asked_at")[:ASKINGS_SHOWN],
            "similar": similar_questions(question.text, within=question.site.root_page),
            "topics": topics_for(request.user, within=question.site.root_page),
            "merge_form": MergeForm(question=question),
            "may_decide": may_decide(request.user),
        },
    )


@require_POST
def accept_asked(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(AskedQuestion, pk=pk)
    form = AcceptForm(request.POST, question=question)
    if not form.is_valid():
        messages.error(request, "Choose a topic for the new question.")
        return redirect("plainly_asked_question", pk=pk)
    topic = form.cleaned_data["topic"]
    if not topic.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    try:
        draft = asking.accept(question, topic, by=request.user)
    except asking.AlreadyDecided as decided:
        messages.error(request, str(decided))
        return redirect("plainly_asked_question", pk=pk)
    messages.success(
        request, f"Draft question “{draft.title}” created in {topic.title}. Its readers are "
        "told when it is published."
    )  # fmt: skip
    return redirect("wagtailadmin_pages:edit", draft.pk)


@require_POST
def merge_asked(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_decide(request.user):
        raise PermissionDenied
    question = get_object_or_404(AskedQuestion, pk=pk)
    form = MergeForm(request.POST, question=question)
    if not form.is_valid():
        messages.error(request, "Choose the published question that answers it.")
        return redirect("plainly_asked_question", pk=pk)
    try:
        told = asking.merge(question, form.cleaned_data["into"], by=request.user)
    except asking.AlreadyDecided as decided:
        messages.error(request, str(decided))
        return redirect("plainly_asked_question", pk=pk)
    into = form.cleaned_data["into"]
    messages.success(
        request,
        f"Merged into “{into.title}”. "
        + (f"{told} reader{'s' if told != 1 else ''} will be sent its link." if told else ""),
    )
    return redirect("plainly_asked_questions")


@require_POST
def decline_asked(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_decide(request.user):
        raise PermissionDenied
    question = get_object_or_404(AskedQuestion, pk=pk)
    try:
        asking.decline(question, by=request.user)
    except asking.AlreadyDecided as decided:
        messages.error(request, str(decided))
    else:
        messages.success(request, f"Declined “{question.text}”.")
    return redirect("plainly_asked_questions")
