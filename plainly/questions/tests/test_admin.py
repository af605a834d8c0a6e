"""Editors write, revise, preview and schedule questions in Wagtail's admin."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from plainly.accounts.tests.factories import make_staff
from plainly.questions.blocks import PARAGRAPH_FEATURES
from plainly.questions.demo import load_demo_site
from plainly.questions.models import QuestionPage
from plainly.questions.tests.factories import (
    answer,
    make_image,
    make_question,
    question_form,
    short_answer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_staff("Erin", group="Editors")
    client.force_login(user)
    return user


def add_url(topic) -> str:
    return f"/admin/pages/add/questions/questionpage/{topic.pk}/"


def test_the_add_form_has_inline_faq_facts_and_sources(client, editor, topic):
    response = client.get(add_url(topic))

    assert response.status_code == 200
    html = response.content.decode()
    for prefix in ["faq_items-TOTAL_FORMS", "key_facts-TOTAL_FORMS", "sources-TOTAL_FORMS"]:
        assert prefix in html


def test_a_new_questions_slug_follows_its_title_as_the_editor_types(client, editor, topic):
    soup = BeautifulSoup(client.get(add_url(topic)).content, "html.parser")

    title = soup.select_one("input[name=title]")
    assert "w-sync" in title["data-controller"].split()
    assert "keyup->w-sync#apply" in title["data-action"]
    assert title["data-w-sync-target-value"] == "#id_slug"
    assert "Ask it the way readers would type it" in soup.get_text()


def test_saving_creates_a_draft_that_readers_cannot_see(client, editor, topic):
    response = client.post(add_url(topic), question_form())

    assert response.status_code == 302
    draft = QuestionPage.objects.get(slug="how-long-is-the-korean-border")
    assert not draft.live
    assert draft.revisions.count() == 1
    assert client.get("/korea/how-long-is-the-korean-border/").status_code == 404


def test_publishing_shows_faq_in_the_order_given(client, editor, topic):
    client.post(add_url(topic), {**question_form(), "action-publish": "action-publish"})

    page = QuestionPage.objects.get(slug="how-long-is-the-korean-border")
    assert page.live
    html = client.get(page.url).content.decode()
    assert html.index("First question?") < html.index("Second question?")


def test_editors_reorder_and_remove_faq_items(client, editor, topic):
    page = make_question(topic, faq=3)
    first, second, third = page.faq_items.all()
    data = question_form(
        title=page.title,
        slug=page.slug,
        faq_items=inline_formset(
            [
                {
                    "id": third.pk,
                    "question": third.question,
                    "answer": answer(third.answer),
                    "ORDER": "0",
                },
                {
                    "id": first.pk,
                    "question": first.question,
                    "answer": answer(first.answer),
                    "ORDER": "1",
                },
                {
                    "id": second.pk,
                    "question": second.question,
                    "answer": answer("x"),
                    "DELETE": "1",
                },
            ],
            initial=3,
        ),
    )

    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    page.refresh_from_db()
    assert [item.question for item in page.faq_items.all()] == [third.question, first.question]
    assert page.revisions.count() == 2


def test_editors_reorder_and_remove_key_facts_and_sources(client, editor, topic):
    page = make_question(topic, facts=3, sources=2)
    first_fact, second_fact, third_fact = page.key_facts.all()
    first_source, second_source = page.sources.all()
    data = question_form(
        title=page.title,
        slug=page.slug,
        key_facts=inline_formset(
            [
                {"id": second_fact.pk, "text": second_fact.text, "ORDER": "0"},
                {"id": first_fact.pk, "text": first_fact.text, "DELETE": "1"},
                {"id": third_fact.pk, "text": third_fact.text, "ORDER": "1"},
                {"text": "A new fact.", "ORDER": "2"},
            ],
            initial=3,
        ),
        sources=inline_formset(
            [
                {"id": first_source.pk, "title": first_source.title, "DELETE": "1"},
                {"id": second_source.pk, "title": "Renamed source", "url": "", "accessed": ""},
            ],
            initial=2,
        ),
    )

    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    page.refresh_from_db()
    facts = [fact.text for fact in page.key_facts.all()]
    assert facts == [second_fact.text, third_fact.text, "A new fact."]
    assert [source.title for source in page.sources.all()] == ["Renamed source"]


def test_key_facts_need_a_heading(client, editor, topic):
    response = client.post(add_url(topic), question_form(key_facts_heading=""))

    assert response.status_code == 200
    assert "Give the key facts a heading" in response.content.decode()
    assert not QuestionPage.objects.filter(slug="how-long-is-the-korean-border").exists()


@pytest.mark.parametrize("sent", ["Plain words, not Draftail's JSON.", '{"blocks": 3}', "[]"])
def test_an_answer_that_is_not_draftails_is_refused_in_the_form(client, editor, topic, sent):
    faq_items = inline_formset([{"question": "Why?", "answer": sent}])

    response = client.post(
        add_url(topic), {**question_form(faq_items=faq_items), "action-publish": "action-publish"}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not QuestionPage.objects.filter(slug="how-long-is-the-korean-border").exists()


def test_a_web_source_needs_the_date_it_was_read(client, editor, topic):
    sources = inline_formset([{"title": "A page", "url": "https://example.org/a", "accessed": ""}])

    response = client.post(add_url(topic), question_form(sources=sources))

    assert response.status_code == 200
    assert "Say when the page at this URL was read." in response.content.decode()


@pytest.mark.parametrize("typed", ["", "  ", None], ids=["empty", "blank", "nothing"])
def test_a_question_cannot_be_published_without_a_short_answer(client, editor, topic, typed):
    # Draftail sends "null" for an editor never typed in, and paragraphs for one emptied.
    sent = "null" if typed is None else short_answer(typed)
    data = {**question_form(short_answer=sent), "action-publish": "action-publish"}

    response = client.post(add_url(topic), data)

    assert response.status_code == 200
    assert not QuestionPage.objects.filter(slug="how-long-is-the-korean-border").exists()


def test_preview_renders_unsaved_changes(client, editor, topic):
    page = make_question(topic)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    data = question_form(
        title=page.title, slug=page.slug, short_answer=short_answer("A previewed answer.")
    )

    assert client.post(preview_url, data).json()["is_valid"]
    response = client.get(preview_url)

    assert response.status_code == 200
    assert "A previewed answer." in response.content.decode()
    page.refresh_from_db()
    assert page.short_answer != "A previewed answer."


def test_a_scheduled_question_goes_live_when_the_worker_runs_after_its_time(client, editor, topic):
    go_live = (timezone.now() + datetime.timedelta(minutes=5)).replace(second=0, microsecond=0)
    data = question_form(go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"))

    client.post(add_url(topic), {**data, "action-publish": "action-publish"})
    page = QuestionPage.objects.get(slug="how-long-is-the-korean-border")
    assert not page.live
    assert Revision.page_revisions.filter(object_id=str(page.pk)).get().approved_go_live_at

    call_command("worker", once=True)
    page.refresh_from_db()
    assert not page.live

    with freeze_time(go_live + datetime.timedelta(seconds=30)):
        call_command("worker", once=True)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def sent_back(client, page, name: str) -> list[dict]:
    """The rows of inline panel ``name`` as the page editor's form holds them, to send back."""
    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    count = int(soup.select_one(f"input[name={name}-TOTAL_FORMS]")["value"])
    rows = []
    for n in range(count):
        fields = soup.select(f"[name^={name}-{n}-]")
        rows.append({field["name"].rsplit("-", 1)[1]: field.get("value", "") for field in fields})
    return rows


def test_editing_one_key_fact_of_a_demo_question_keeps_every_fact_in_its_place(client, editor):
    load_demo_site()
    page = QuestionPage.objects.get(title="Is the Korean War over?")
    before = [fact.text for fact in page.key_facts.all()]
    rows = sent_back(client, page, "key_facts")
    assert [row["text"] for row in rows] == before
    rows[0]["text"] = "Fighting stopped with an armistice on 27 July 1953."
    data = question_form(
        title=page.title, slug=page.slug, key_facts=inline_formset(rows, initial=len(rows))
    )

    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    shown = BeautifulSoup(client.get(page.url).content, "html.parser")
    facts = [item.get_text() for item in shown.select("#key-facts-heading + ol li")]
    assert facts == [rows[0]["text"], *before[1:]]


def test_the_demo_numbers_every_key_fact_faq_item_and_source():
    load_demo_site()
    for page in QuestionPage.objects.all():
        for rows in (page.key_facts.all(), page.faq_items.all(), page.sources.all()):
            assert [row.sort_order for row in rows] == list(range(len(rows))), page.title


def test_editors_manage_redirects_from_a_pages_promote_tab(client, editor, topic):
    page = make_question(topic)
    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    link = soup.select_one("#tab-promote a[href='/admin/redirects/']")
    assert link is not None and link.get_text() == "redirects"

    response = client.post(
        "/admin/redirects/add/",
        {"old_path": "/old-korea-page/", "site": "", "is_permanent": "on",
         "redirect_page": page.pk, "redirect_link": ""},
    )  # fmt: skip

    assert response.status_code == 302
    moved = client.get("/old-korea-page/")
    assert (moved.status_code, moved["Location"]) == (301, page.url)


def test_editors_hide_a_page_from_search_engines_on_its_promote_tab(client, editor, topic):
    page = make_question(topic)
    data = question_form(title=page.title, slug=page.slug, hide_from_search_engines="on")

    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.hide_from_search_engines
    soup = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content, "html.parser")
    assert soup.select_one("#tab-promote input[name=hide_from_search_engines][checked]")


def with_figure(image, alt_text: str) -> dict:
    figure = {"image": {"image": image.pk, "decorative": False, "alt_text": alt_text}}
    return question_form(body=streamfield([("image", {**figure, "caption": ""})]))


def test_an_images_file_name_is_not_accepted_as_its_alt_text(client, editor, topic):
    image = make_image("IMG_2041")  # no alt text in the library: Wagtail offers the title

    response = client.post(
        add_url(topic), {**with_figure(image, "IMG_2041"), "action-publish": "action-publish"}
    )

    assert response.status_code == 200
    assert "made from its file name" in response.content.decode()
    assert not QuestionPage.objects.filter(live=True, slug="how-long-is-the-korean-border")


def test_an_image_published_with_its_library_alt_text_shows_it_to_readers(client, editor, topic):
    described = "A map of the border drawn from coast to coast"
    image = make_image("IMG_2042", description=described)

    client.post(
        add_url(topic), {**with_figure(image, described), "action-publish": "action-publish"}
    )

    page = QuestionPage.objects.get(slug="how-long-is-the-korean-border")
    img = BeautifulSoup(client.get(page.url).content, "html.parser").select_one("figure img")
    assert img["alt"] == described


def test_the_image_library_asks_for_alt_text_and_warns_when_there_is_none(client, editor):
    image = make_image("IMG_2043")

    form = BeautifulSoup(client.get(f"/admin/images/{image.pk}/").content, "html.parser")
    field = form.select_one("#id_description").find_parent(attrs={"data-field-wrapper": True})

    assert "Alt text" in field.get_text()
    assert "This image has no alt text yet" in field.get_text()
    image.description = "A map"
    image.save()
    form = BeautifulSoup(client.get(f"/admin/images/{image.pk}/").content, "html.parser")
    assert "no alt text yet" not in form.get_text()


def body_as_the_editor_sends_it(page) -> dict:
    """The body's blocks, unchanged, in the form the page editor posts them."""
    blocks = {}
    for index, block in enumerate(page.body):
        value = block.value
        if block.block_type == "paragraph":
            value = rich_text(value.source, features=PARAGRAPH_FEATURES)
        blocks[str(index)] = {
            "type": block.block_type,
            "value": value,
            "id": block.id,
            "deleted": "",
            "order": str(index),
        }
    return {**blocks, "count": str(len(blocks))}


def test_history_compares_only_what_the_editor_changed(client, editor):
    load_demo_site()
    page = QuestionPage.objects.get(title="Is the Korean War over?")
    data = question_form(
        title=page.title,
        slug=page.slug,
        short_answer="Not formally: an armistice, and no peace treaty.",
        body=body_as_the_editor_sends_it(page),
    )
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302

    compare = client.get(f"/admin/pages/{page.pk}/revisions/compare/live...latest/")

    changed = BeautifulSoup(compare.content, "html.parser").select("td.title")
    fields = [cell.get_text(strip=True).rstrip(":") for cell in changed]
    assert "Short answer" in fields
    assert "Body" not in fields


@pytest.mark.parametrize(("written_by", "named"), [("Wendy Writer", "Wendy Writer"), (None, None)])
def test_the_restore_banner_names_who_wrote_the_version(client, editor, written_by, named):
    writer = make_staff(written_by, group="Editors") if written_by else None
    load_demo_site(by=writer)
    page = QuestionPage.objects.get(title="Is the Korean War over?")
    first = page.get_latest_revision()
    page.save_revision(user=editor)

    review = client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/")

    banner = " ".join(
        BeautifulSoup(review.content, "html.parser").select_one(".messages").get_text().split()
    )
    assert "You are viewing a previous version" in banner
    assert "None" not in banner
    assert banner.endswith(f"by {named or 'Plainly itself'}")


def inline_scripts(html: bytes) -> list[str]:
    """The scripts a page runs from its own text, which the admin's policy refuses."""
    scripts = BeautifulSoup(html, "html.parser").select("script:not([src])")
    runnable = [s for s in scripts if s.get("type", "text/javascript") == "text/javascript"]
    return [s.string for s in runnable]


@pytest.mark.parametrize(
    "path, chooser",
    [
        ("add question", "ImageChooser"),
        ("/admin/settings/questions/sharingsettings/{site}/", "ImageChooser"),
        ("/admin/settings/questions/footersettings/{site}/", "PageChooser"),
        ("/admin/redirects/add/", "PageChooser"),
    ],
)
def test_choosers_start_without_inline_scripts(client, topic, path, chooser):
    client.force_login(make_staff("Ada", superuser=True))
    path = add_url(topic) if path == "add question" else path.format(site=topic.get_site().pk)

    response = client.get(path)

    assert response.status_code == 200
    assert inline_scripts(response.content) == []
    assert f'data-plainly-start="{chooser}"'.encode() in response.content
