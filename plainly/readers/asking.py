"""Questions readers ask when the site has no answer yet: held for editors, grouped with the same
question asked by others, and decided for all of them at once.

A reader may leave an email address to be told once, when the question is answered (a draft
written for it is published, or it is merged into a question that already answers it). Nothing
else is sent to it, and it is deleted as soon as that mail is queued or the question declined.
"""

import re

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Comment as EditorComment
from wagtail.models import Page, Site

from plainly import abuse
from plainly.backends import mail
from plainly.questions.models import QuestionPage, TopicPage, draft_question
from plainly.readers.models import AskedQuestion, Asking
from plainly.search.similar import keywords, similar_questions

MAX_LENGTH = 300
MIN_WORDS = 3
MAX_LINKS = 1
# Two askings are the same question when their words overlap this much (Dice coefficient).
NEAR_IDENTICAL = 0.8
# Open questions compared with a new one, newest first: past these, only identical words group.
COMPARED = 500
# Questions one address may ask: a reader asks a few; a script that sends more is refused.
ASK_LIMITS = [(3, 60), (20, 24 * 60 * 60)]
# Words a reader asked shown to the editor on the draft written for them.
QUOTED = 5
# Tries to store an asking while other readers' askings of the same words race it.
STORE_ATTEMPTS = 3

_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class RateLimited(abuse.Refused):
    pass


class AlreadyDecided(Exception):
    """Another editor decided this question first (or it was sent twice)."""


def cleaned(text: str) -> str:
    """A question as it is kept: one line, spaces collapsed."""
    return _SPACE.sub(" ", text).strip()


def problem_with(text: str) -> str | None:
    """What is wrong with a question as a reader wrote it, in words for them; None if nothing.

    Robots leave links; people ask in words. A question is a line or two, not an essay.
    """
    if not text:
        return "Write your question before you send it."
    if len(text) > MAX_LENGTH:
        return f"Keep your question under {MAX_LENGTH} characters: the answer can be long."
    links = _LINK.findall(text)
    if len(links) > MAX_LINKS:
        return "Ask your question without links."
    words = _LINK.sub(" ", text)
    if len(re.findall(r"\w+", words)) < MIN_WORDS or not keywords(words):
        return "Ask your question in a few words, as you would ask a person."
    return None


# Words a search may drop that make a question another one: "why" asks something else than "how".
QUESTION_WORDS = frozenset(("how", "what", "when", "where", "which", "who", "why", "not", "no"))
# Fewer words than this, and one more or less changes the question: only the same words group.
NEAR_WORDS = 4


def key_of(text: str) -> str:
    """The words that make two questions the same: stemmed, without stop words (the question
    words kept), sorted."""
    asked = {word for word in re.findall(r"\w+", text.lower()) if word in QUESTION_WORDS}
    return " ".join(sorted(keywords(text) | asked))[:300]


def _overlap(first: str, second: str) -> float:
    """How near two keys are (the Dice coefficient of their words); 0 for keys too short to
    tell one question from another by anything but the same words."""
    a, b = set(first.split()), set(second.split())
    if len(a) < NEAR_WORDS or len(b) < NEAR_WORDS:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _group_for(site: Site, text: str, now) -> AskedQuestion:
    """The open question ``text`` asks again, locked until the asking is stored (an editor's
    decision waits for it, and it for the decision), or a new one."""
    key = key_of(text)
    open_questions = AskedQuestion.objects.open().filter(site=site)
    found = open_questions.filter(key=key).values_list("pk", flat=True).first()
    if found is None:
        nearest = max(
            open_questions.order_by("-last_asked").only("pk", "key")[:COMPARED],
            key=lambda question: _overlap(key, question.key),
            default=None,
        )
        if nearest is not None and _overlap(key, nearest.key) >= NEAR_IDENTICAL:
            found = nearest.pk
    if found is not None:
        # Decided since it was found: the reader's question starts another.
        still_open = open_questions.select_for_update().filter(pk=found).first()
        if still_open is not None:
            return still_open
    return AskedQuestion.objects.create(
        site=site, text=text, key=key, first_asked=now, last_asked=now
    )


def ask(
    site: Site,
    text: str,
    *,
    email: str,
    sender: abuse.Sender,
    ticket: str,
    is_robot: bool,
) -> Asking | None:
    """Hold a reader's question for the editors, with the others who asked the same; None for
    a robot's, which is not stored. Raises ``abuse.Refused`` (RateLimited among them) for what
    the site does not take, before anything is stored."""
    if is_robot:
        return None
    submission_key = abuse.check_ticket(ticket)
    try:
        abuse.consume("readers:ask", sender.ip_hash, ASK_LIMITS)
    except abuse.Limited:
        raise RateLimited(
            "You’ve asked as many questions as we take for now. Try again later.",
            rule="rate limit",
        ) from None
    abuse.screen(sender, text, site=site)
    for _attempt in range(STORE_ATTEMPTS):
        try:
            return _store(site, text, email=email.strip(), submission_key=submission_key or None)
        except IntegrityError:
            sent_before = Asking.objects.filter(submission_key=submission_key).first()
            if sent_before is not None:  # the same form sent twice: asked once
                return sent_before
            # Another reader asked the same words at the same moment: their question is there
            # now, to join.
    raise abuse.Refused(
        "Many readers are asking this right now. Send your question again in a moment.",
        rule="busy",
    )


def _store(site: Site, text: str, *, email: str, submission_key: str | None) -> Asking:
    now = timezone.now()
    with transaction.atomic():
        question = _group_for(site, text, now)
        asking = Asking.objects.create(
            question=question, text=text, email=email, asked_at=now, submission_key=submission_key
        )
        AskedQuestion.objects.filter(pk=question.pk).update(last_asked=now)
    return asking


def title_of(text: str) -> str:
    """A reader's words as a question's title: a capital first, a question mark last."""
    title = text.strip().rstrip(".!")
    title = title[:1].upper() + title[1:]
    return title if title.endswith("?") else f"{title}?"


def _decide(question: AskedQuestion, *, allowed: tuple[str, ...]) -> AskedQuestion:
    """``question`` locked for a decision, if it is still in one of the ``allowed`` states."""
    locked = AskedQuestion.objects.select_for_update().get(pk=question.pk)
    if locked.state not in allowed and not locked.draft_deleted:
        raise AlreadyDecided(f"This question is already {locked.get_state_display().lower()}.")
    return locked


class ElsewhereOrUnpublished(AlreadyDecided):
    """A page not of the question's site, or not published, chosen to answer it."""


def _on_the_site(question: AskedQuestion, page: Page) -> None:
    if not page.path.startswith(question.site.root_page.path):
        raise ElsewhereOrUnpublished("Choose a page of the site the question was asked on.")


def accept(question: AskedQuestion, topic: TopicPage, *, by) -> QuestionPage:
    """A draft question under ``topic`` titled with the reader's words, with a note for its
    writer of how readers asked it and which published questions look alike."""
    _on_the_site(question, topic)
    similar = similar_questions(question.text, within=question.site.root_page)
    with transaction.atomic():
        question = _decide(question, allowed=(AskedQuestion.State.WAITING,))
        draft = draft_question(topic, title_of(question.text), by=by)
        EditorComment.objects.create(
            page=draft,
            user=by,
            contentpath="title",
            text=render_to_string(
                "readers/asked_note.txt",
                {
                    "readers": question.askings.count(),
                    "asked": question.askings.order_by("asked_at").values_list("text", flat=True)[
                        :QUOTED
                    ],
                    "similar": [
                        (page.title, mail.link(page.get_url() or "/")) for page, _ in similar
                    ],
                },
            ).strip(),
        )
        question.state, question.page = AskedQuestion.State.ACCEPTED, draft
        question.decided_by, question.decided_at = by, timezone.now()
        question.save(update_fields=["state", "page", "decided_by", "decided_at"])
    return draft


def merge(question: AskedQuestion, into: QuestionPage, *, by) -> int:
    """Answer ``question`` with a published question that already answers it; how many readers
    are told."""
    _on_the_site(question, into)
    if not into.live or into.get_view_restrictions().exists():
        raise ElsewhereOrUnpublished(
            "Merge into a published question anyone may read: readers are sent its link."
        )
    with transaction.atomic():
        question = _decide(question, allowed=(AskedQuestion.State.WAITING,))
        question.state, question.page = AskedQuestion.State.MERGED, into
        question.decided_by, question.decided_at = by, timezone.now()
        question.save(update_fields=["state", "page", "decided_by", "decided_at"])
        return _tell_askers(question, into)


def decline(question: AskedQuestion, *, by) -> None:
    """Not a question the site will answer: its readers' addresses go, and nobody is told."""
    with transaction.atomic():
        question = _decide(
            question, allowed=(AskedQuestion.State.WAITING, AskedQuestion.State.ACCEPTED)
        )
        question.state = AskedQuestion.State.DECLINED
        question.decided_by, question.decided_at = by, timezone.now()
        question.save(update_fields=["state", "decided_by", "decided_at"])
        question.askings.exclude(email="").update(email="")


def answered(page: Page) -> int:
    """``page`` was published: tell the readers of every question it was written for, once;
    how many were told."""
    told = 0
    with transaction.atomic():
        waiting = AskedQuestion.objects.select_for_update().filter(
            page=page, state=AskedQuestion.State.ACCEPTED
        )
        for question in waiting:
            question.state = AskedQuestion.State.ANSWERED
            question.save(update_fields=["state"])
            told += _tell_askers(question, page)
    return told


def _tell_askers(question: AskedQuestion, page: Page) -> int:
    """Queue one mail to each address left with ``question`` (once per address, however often
    it asked), then delete the addresses. Runs inside the decision's transaction: the mails
    leave only if it commits."""
    askings = question.askings.exclude(email="")
    addresses = {}
    for asking in askings.order_by("asked_at"):
        addresses.setdefault(asking.email.lower(), asking)
    site_name = question.site.site_name or "Plainly"
    for asking in addresses.values():
        context = {
            "asked_at": asking.asked_at,
            "title": page.title,
            "url": mail.link(page.get_url() or "/"),
            "site_name": site_name,
        }
        message = EmailMultiAlternatives(
            subject=render_to_string("readers/email/answered_subject.txt", context).strip(),
            body=render_to_string("readers/email/answered_message.txt", context),
            to=[asking.email],
        )
        transaction.on_commit(lambda message=message: mail.send_later(message), robust=True)
    askings.update(email="")
    return len(addresses)
