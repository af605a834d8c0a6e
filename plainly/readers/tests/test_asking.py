"""Readers ask the questions the site does not answer: held for editors, grouped with the same
question asked by others, decided in the admin, and the readers who left an address told once."""

import time

import pytest
from django.db import connection
from wagtail.models import Comment as EditorComment

from plainly.abuse import writing_ticket
from plainly.accounts.tests.factories import make_staff
from plainly.discussion.models import Ban, DiscussionSettings
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import home_page, make_question, make_topic
from plainly.readers.models import AskedQuestion, Asking
from plainly.testing.mail import Mailbox, body_of, links_in

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"
LIST = "/admin/readers/asked/"


@pytest.fixture
def korea():
    topic = make_topic(title="Korea")
    make_question(topic, title="How many North Koreans defect to South Korea each year?")
    make_question(topic, title="Is the Korean War over?")
    return topic


@pytest.fixture
def editor(client):
    user = make_staff("Erin", group="Editors")
    client.force_login(user)
    return user


def ask(client, question: str, *, email: str = "", address: str = ADDRESS, agent="", **fields):
    form = {
        "question": question,
        "email": email,
        "website": "",
        "started": writing_ticket(now=time.time() - 30),
        **fields,
    }
    return client.post("/ask/", form, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def mail_so_far(mailbox: Mailbox) -> list[str]:
    """Who has been mailed, once every mail sent before now has arrived: a last mail is sent
    and waited for (one mail's delivery ends before the next begins)."""
    from django.core.mail import send_mail

    send_mail("Last", "The last mail.", None, ["last@example.org"])
    mailbox.wait_for("last@example.org")
    return [message["To"] for message in mailbox.messages if message["To"] != "last@example.org"]


def asked() -> dict[str, int]:
    return {
        question.text: question.readers
        for question in AskedQuestion.objects.with_counts().order_by("pk")
    }


def test_a_reader_asks_and_is_thanked_with_the_questions_that_may_answer_it(client, korea):
    page = client.get("/ask/?q=do+north+koreans+defect")
    assert page.status_code == 200
    assert 'value="do north koreans defect"' in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")  # each form its own ticket

    response = ask(client, "How many people defect from North Korea?", email="ana@example.org")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Thanks for your question" in html
    assert "we will write to you once" in html
    assert "How many North Koreans defect to South Korea each year?" in html
    asking = Asking.objects.get()
    assert (asking.text, asking.email) == (
        "How many people defect from North Korea?",
        "ana@example.org",
    )
    assert asking.question.state == AskedQuestion.State.WAITING


def test_the_ask_page_is_linked_from_empty_search_results_and_every_question(client, korea):
    empty = client.get("/search/", {"q": "mars colony"}).content.decode()
    question = client.get(QuestionPage.objects.get(title="Is the Korean War over?").url)

    assert 'href="/ask/?q=mars+colony"' in empty
    assert 'href="/ask/"' in question.content.decode()


def test_suggestions_as_a_reader_types_are_the_questions_alike(client, korea):
    response = client.get("/search/similar/", {"q": "how many defect from north korea"})

    titles = [found["title"] for found in response.json()["suggestions"]]
    assert titles[0] == "How many North Koreans defect to South Korea each year?"
    assert client.get("/search/similar/", {"q": ""}).json()["suggestions"] == []
    # The ask form's box is a combobox fed by them.
    html = client.get("/ask/").content.decode()
    assert 'data-suggest-url="/search/similar/"' in html
    assert 'role="combobox"' in html and 'aria-controls="ask-suggestions"' in html


def test_the_same_question_in_nearly_the_same_words_is_counted_once_with_its_readers(client, korea):
    ask(client, "How many people defect from North Korea?", address="198.51.100.1")
    ask(client, "how many people defect from north korea", address="198.51.100.2")
    ask(client, "How many people defected from North Korea?", address="198.51.100.3")
    ask(client, "How many people defect from North Korea each year?", address="198.51.100.4")
    ask(client, "Why is Mars red?", address="198.51.100.5")

    assert asked() == {
        "How many people defect from North Korea?": 4,
        "Why is Mars red?": 1,
    }
    assert Asking.objects.count() == 5  # every reader's own words kept for the editor


def test_editors_see_the_most_asked_first_and_may_sort(client, korea, editor):
    ask(client, "Why is Mars red?", address="198.51.100.1")
    for n in range(3):
        ask(client, "Do penguins have knees at all?", address=f"198.51.100.{10 + n}")

    most = client.get(LIST).content.decode()
    newest = client.get(LIST, {"order": "oldest"}).content.decode()

    assert most.index("Do penguins have knees") < most.index("Why is Mars red?")
    assert "3 readers asked this" in most and "1 reader asked this" in most
    assert newest.index("Why is Mars red?") < newest.index("Do penguins have knees")
    dashboard = client.get("/admin/").content.decode()
    assert "Readers asked most" in dashboard and "Do penguins have knees at all?" in dashboard


def test_accepting_makes_a_draft_with_the_readers_words_and_the_questions_alike(
    client, korea, editor, mailbox, committed
):
    ask(client, "how many people defect from north korea", email="ana@example.org")
    ask(client, "How many people defect from North Korea?", address="198.51.100.9")
    question = AskedQuestion.objects.get()

    triage = client.get(f"{LIST}{question.pk}/").content.decode()
    assert "How many North Koreans defect to South Korea each year?" in triage
    response = client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})

    draft = QuestionPage.objects.get(title="How many people defect from north korea?")
    assert response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.get_parent().pk == korea.pk
    note = EditorComment.objects.get(page=draft).text
    assert "2 readers asked this question" in note
    assert "How many North Koreans defect to South Korea each year?" in note
    question.refresh_from_db()
    assert (question.state, question.page_id) == (AskedQuestion.State.ACCEPTED, draft.pk)
    # Accepting tells nobody yet, and keeps the address for the answer.
    assert mail_so_far(mailbox) == []
    assert Asking.objects.exclude(email="").count() == 1
    # Sent twice (a second editor, a double click): one draft.
    again = client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})
    assert again.status_code == 302
    assert QuestionPage.objects.filter(title__startswith="How many people defect").count() == 1

    draft.short_answer = "<p>About a thousand a year, fewer since 2020.</p>"
    with committed():
        draft.save_revision(user=editor).publish()

    [mail] = mailbox.wait_for("ana@example.org")
    assert draft.full_url.replace("http://localhost", "") in links_in(mail)[0]
    assert "How many people defect from north korea?" in body_of(mail)
    assert not Asking.objects.exclude(email="").exists()
    question.refresh_from_db()
    assert question.state == AskedQuestion.State.ANSWERED
    # Published again after an edit: nobody is told twice.
    with committed():
        draft.save_revision(user=editor).publish()
    assert mail_so_far(mailbox) == ["ana@example.org"]


def test_merging_mails_each_reader_its_link_once_and_forgets_the_address(
    client, korea, editor, mailbox, committed
):
    ask(client, "Do many North Koreans defect each year?", email="ana@example.org")
    ask(
        client, "Do many North Koreans defect each year", email="ANA@example.org", address="1.2.3.4"
    )
    ask(
        client, "do many north koreans defect each year?", email="bo@example.org", address="5.6.7.8"
    )
    question = AskedQuestion.objects.get()
    answer = QuestionPage.objects.get(title__startswith="How many North Koreans defect")

    with committed():
        response = client.post(f"{LIST}{question.pk}/merge/", {"into": answer.pk})

    assert response.status_code == 302
    assert len(mailbox.wait_for("ana@example.org")) == 1
    [mail] = mailbox.wait_for("bo@example.org")
    assert "has an answer" in mail["Subject"]
    assert answer.title in body_of(mail)
    assert any(link.endswith(answer.url) for link in links_in(mail))
    assert sorted(mail_so_far(mailbox)) == ["ana@example.org", "bo@example.org"]
    assert not Asking.objects.exclude(email="").exists()
    question.refresh_from_db()
    assert (question.state, question.page_id) == (AskedQuestion.State.MERGED, answer.pk)
    # Decided: it cannot be decided again.
    client.post(f"{LIST}{question.pk}/decline/")
    question.refresh_from_db()
    assert question.state == AskedQuestion.State.MERGED


def test_declining_tells_nobody_and_deletes_the_addresses(
    client, korea, editor, mailbox, committed
):
    ask(client, "Which football team is the best one?", email="ana@example.org")
    question = AskedQuestion.objects.get()

    with committed():
        client.post(f"{LIST}{question.pk}/decline/")

    question.refresh_from_db()
    assert question.state == AskedQuestion.State.DECLINED
    assert Asking.objects.get().email == ""
    assert mail_so_far(mailbox) == []
    # The same words asked again make a new question for the editors, not a closed one.
    ask(client, "Which football team is the best one?", address="198.51.100.200")
    assert AskedQuestion.objects.filter(state=AskedQuestion.State.WAITING).count() == 1


def test_writers_may_accept_where_they_may_add_but_not_merge_or_decline(client, korea):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    japan = make_topic(title="Japan")
    writers = Group.objects.create(name="Korea writers")
    writers.permissions.add(*Group.objects.get(name="Writers").permissions.all())
    GroupPagePermission.objects.create(group=writers, page=korea, permission_type="add")
    writer = make_staff("Wren")
    writer.groups.add(writers)
    ask(client, "Why is Mars red in colour?")
    question = AskedQuestion.objects.get()
    client.force_login(writer)

    triage = client.get(f"{LIST}{question.pk}/").content.decode()
    merged = client.post(f"{LIST}{question.pk}/merge/", {"into": QuestionPage.objects.first().pk})
    declined = client.post(f"{LIST}{question.pk}/decline/")
    elsewhere = client.post(f"{LIST}{question.pk}/accept/", {"topic": japan.pk})

    assert f'<option value="{korea.pk}">Korea</option>' in triage
    assert f'<option value="{japan.pk}">' not in triage and "Decline" not in triage
    # Refused as the admin refuses what a user may not do: sent back to the dashboard.
    assert [r["Location"] for r in (merged, declined, elsewhere)] == ["/admin/"] * 3
    question.refresh_from_db()
    assert question.state == AskedQuestion.State.WAITING
    assert "Decline" not in client.get(LIST).content.decode()

    client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})
    question.refresh_from_db()
    assert question.state == AskedQuestion.State.ACCEPTED
    assert question.page.get_parent().pk == korea.pk


def test_a_question_is_answered_only_with_a_public_page_of_its_own_site(client, korea, editor):
    from wagtail.models import PageViewRestriction, Site

    from plainly.questions.models import HomePage

    ask(client, "Do many people defect from North Korea?")
    question = AskedQuestion.objects.get()
    root = home_page().get_parent()
    other_home = root.add_child(instance=HomePage(title="Other site", slug="other"))
    Site.objects.create(hostname="other.example", root_page=other_home)
    other_topic = make_topic(title="Elsewhere", parent=other_home)
    other_question = make_question(other_topic, title="Do many people defect elsewhere?")
    private = make_question(korea, title="Do many people defect in private?")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = make_question(korea, title="Do many people defect in drafts?", publish=False)

    for into in (other_question.pk, private.pk, draft.pk, "not a number", ""):
        response = client.post(f"{LIST}{question.pk}/merge/", {"into": into})
        assert response["Location"] == f"{LIST}{question.pk}/", into
    for topic in (other_topic.pk, "x"):
        response = client.post(f"{LIST}{question.pk}/accept/", {"topic": topic})
        assert response["Location"] == f"{LIST}{question.pk}/"

    question.refresh_from_db()
    assert question.state == AskedQuestion.State.WAITING
    assert (
        f'<option value="{other_topic.pk}">'
        not in client.get(f"{LIST}{question.pk}/").content.decode()
    )


def test_a_question_whose_draft_was_deleted_may_be_accepted_again(client, korea, editor):
    ask(client, "Why is Mars red in colour?")
    question = AskedQuestion.objects.get()
    client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})
    QuestionPage.objects.get(title="Why is Mars red in colour?").delete()

    listing = client.get(LIST).content.decode()
    client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})

    assert "Its draft was deleted" in listing
    question.refresh_from_db()
    assert question.state == AskedQuestion.State.ACCEPTED
    assert question.page.title == "Why is Mars red in colour?"


def test_different_questions_in_like_words_are_not_grouped(client, korea):
    ask(client, "Why do cats purr so much?", address="198.51.100.1")
    ask(client, "How do cats purr so much?", address="198.51.100.2")
    ask(client, "Is coffee good for you?", address="198.51.100.3")
    ask(client, "Is coffee not good for you?", address="198.51.100.4")

    assert sorted(asked().values()) == [1, 1, 1, 1]


def test_one_open_question_a_site_holds_the_same_words(korea):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    now = timezone.now()
    site = home_page().get_site()
    fields = {"site": site, "text": "Why is Mars red?", "key": "mar red why"}
    AskedQuestion.objects.create(**fields, first_asked=now, last_asked=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        AskedQuestion.objects.create(**fields, first_asked=now, last_asked=now)
    # Decided, the words are free for the next reader who asks them.
    AskedQuestion.objects.update(state=AskedQuestion.State.DECLINED)
    AskedQuestion.objects.create(**fields, first_asked=now, last_asked=now)


def test_readers_cannot_see_or_decide_what_was_asked(client, korea):
    ask(client, "Why is Mars red in colour?")
    question = AskedQuestion.objects.get()

    for response in (
        client.get(LIST),
        client.get(f"{LIST}{question.pk}/"),
        client.post(f"{LIST}{question.pk}/decline/"),
    ):
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert AskedQuestion.objects.get().state == AskedQuestion.State.WAITING


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("", "Write your question before you send it."),
        ("   ", "Write your question before you send it."),
        ("x" * 10_240, "under 300 characters"),
        ("https://spam.example/cheap-pills", "in a few words"),
        ("www.spam.example/offer", "in a few words"),
        ("Why not https://a.example/ and https://b.example/ too?", "without links"),
        ("Why is it?", "in a few words"),
        ("Why\x00 is Mars red?", "Null characters are not allowed"),
    ],
)
def test_a_question_that_is_not_one_is_refused_with_a_reason(client, korea, question, problem):
    response = ask(client, question)

    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not AskedQuestion.objects.exists() and not Asking.objects.exists()


def test_a_bad_email_address_is_refused_and_keeps_the_question(client, korea):
    response = ask(client, "Why is Mars red in colour?", email="not an address")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="Why is Mars red in colour?"' in html
    assert not Asking.objects.exists()


def test_script_in_a_question_is_inert_for_readers_and_in_the_admin(client, korea, editor):
    payload = 'Is <script>alert("x")</script> <img src=x onerror=alert(1)> safe here?'
    ask(client, payload)
    question = AskedQuestion.objects.get()

    for url in (LIST, f"{LIST}{question.pk}/", "/admin/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html
    client.post(f"{LIST}{question.pk}/accept/", {"topic": korea.pk})
    draft = QuestionPage.objects.get(title__startswith="Is <script>")
    edit = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "<script>alert(" not in edit


def test_a_robot_is_thanked_and_nothing_is_stored(client, korea):
    filled_trap = ask(client, "Buy cheap watches online today", website="https://spam.example")
    no_ticket = ask(client, "Buy cheap watches online today", started="")
    instant = ask(client, "Buy cheap watches online today", started=writing_ticket(now=time.time()))

    assert (
        filled_trap.status_code == 200
        and "Thanks for your question" in filled_trap.content.decode()
    )
    assert no_ticket.status_code == instant.status_code == 400
    assert "That was quick" in instant.content.decode()
    assert not Asking.objects.exists()


def test_the_same_form_sent_twice_is_asked_once(client, korea):
    ticket = writing_ticket(now=time.time() - 30)
    first = ask(client, "Why is Mars red in colour?", started=ticket)
    second = ask(client, "Why is Mars red in colour?", started=ticket)

    assert first.status_code == second.status_code == 200
    assert asked() == {"Why is Mars red in colour?": 1}


def test_a_flood_of_questions_from_one_address_is_limited(client, korea):
    answers = [ask(client, f"Why is planet number {n} so red?") for n in range(5)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    refused = answers[-1].content.decode()
    assert "asked as many questions as we take" in refused
    assert 'value="Why is planet number 4 so red?"' in refused  # the words are not lost
    assert Asking.objects.count() == 3


def test_banned_readers_and_forbidden_words_are_refused_as_for_comments(client, korea):
    from plainly.abuse import hash_ip

    settings = DiscussionSettings.for_site(home_page().get_site())
    settings.reject_words = "casino"
    settings.save()
    Ban.objects.create(kind=Ban.Kind.IP, value=hash_ip("203.0.113.66"))
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="spammer@example.org")

    words = ask(client, "Which online casino pays out best?")
    address = ask(client, "Why is Mars red in colour?", address="203.0.113.66")
    email = ask(client, "Why is Mars red in colour?", email="Spammer@example.org")

    assert words.status_code == address.status_code == email.status_code == 400
    assert "words this site does not accept" in words.content.decode()
    assert "not accepted here" in address.content.decode()
    assert not Asking.objects.exists()


def test_nothing_of_who_asked_is_stored_but_the_address_they_chose_to_leave(client, korea):
    ask(client, "Why is Mars red in colour?", email="ana@example.org", agent="Probe/9.9")

    with connection.cursor() as cursor:
        for table in ("readers_askedquestion", "readers_asking"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from this test
            row = " ".join(str(value) for value in cursor.fetchall()[0])
            assert ADDRESS not in row and "Probe/9.9" not in row
            assert "198.51.100" not in row


def test_an_address_left_with_a_question_nobody_answered_goes_after_a_year(client, korea):
    import datetime

    from plainly.readers.retention import ADDRESSES_KEPT_DAYS, forget_old_records

    ask(client, "Why is Mars red in colour?", email="ana@example.org")
    asked_on = Asking.objects.get().asked_at.date()

    forget_old_records(asked_on + datetime.timedelta(days=ADDRESSES_KEPT_DAYS))
    assert Asking.objects.get().email == "ana@example.org"
    forget_old_records(asked_on + datetime.timedelta(days=ADDRESSES_KEPT_DAYS + 1))
    assert Asking.objects.get().email == ""
    assert Asking.objects.get().text == "Why is Mars red in colour?"
