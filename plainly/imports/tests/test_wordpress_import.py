"""Importing a WordPress export: pages, comments and old addresses arrive, structured; a second
run changes nothing; nobody is mailed; unclear pages wait as drafts; one bad item stops no other."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Revision

from plainly.discussion.models import Comment
from plainly.imports import writing
from plainly.imports.models import ImportedItem
from plainly.questions.models import PlainPage, QuestionPage, TopicPage

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "wxr" / "site-1.2.xml"


def run(*options: str) -> None:
    call_command("import", "wordpress", str(EXPORT), *options, verbosity=0)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def snapshot() -> dict:
    return {
        "pages": sorted(QuestionPage.objects.values_list("slug", "live")),
        "plain": sorted(PlainPage.objects.values_list("slug", flat=True)),
        "topics": sorted(TopicPage.objects.values_list("slug", flat=True)),
        "comments": sorted(Comment.objects.values_list("author_name", "state")),
        "redirects": sorted(Redirect.objects.values_list("old_path", "redirect_page_id")),
        "revisions": Revision.objects.count(),
    }


def test_posts_arrive_as_structured_questions_under_their_topics():
    run()

    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    assert dmz.live and dmz.get_parent().slug == "korea"
    assert dmz.byline == "Hana Lee"  # the author, as the old site named her
    assert dmz.summary == "About four kilometres wide."  # the excerpt
    assert [block.block_type for block in dmz.body] == ["paragraph"]
    assert "2 km on each side" in dmz.body[0].value.source
    faq = dmz.faq_items.get()
    assert faq.question == "Can visitors go there?" and "Panmunjom" in faq.answer
    assert TopicPage.objects.get(slug="history").live
    assert PlainPage.objects.filter(title="About this site").exists()


def test_tags_are_kept_and_the_featured_image_is_shown_when_shared():
    run("--media", str(UPLOADS))

    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    assert [tag.name for tag in dmz.tags.all()] == ["border"]
    assert dmz.social_image.file.name.endswith(".png")
    assert dmz.social_image.title == "dmz map"


def test_comments_keep_their_authors_states_dates_and_threads():
    run()

    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    first, reply, spam = Comment.objects.filter(page=dmz).order_by("created_at")
    assert (first.author_name, first.state, first.parent) == ("Minjun", "approved", None)
    assert first.created_at.isoformat() == "2026-03-11T09:30:00+00:00"
    assert (reply.author_name, reply.state, reply.parent) == ("Soyeon", "held", first)
    assert spam.state == "spam"
    assert not Comment.objects.filter(body__contains="A Tuesday").exists()  # trashed: skipped


def test_old_addresses_answer_301_with_the_new_page(client):
    run()
    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")

    for old in ["/2026/03/how-wide-is-the-korean-dmz/", "/?p=11"]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(dmz.url)


def test_a_second_run_changes_nothing():
    run()
    first = snapshot()

    run()

    assert snapshot() == first
    assert ImportedItem.objects.filter(kind="comment").count() == 3


def test_an_edited_post_is_updated_not_duplicated(tmp_path):
    run()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text().replace("Tours run to Panmunjom", "Tours go to Panmunjom")
    )

    call_command("import", "wordpress", str(changed), verbosity=0)

    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    assert "Tours go to Panmunjom" in dmz.faq_items.get().answer
    assert QuestionPage.objects.filter(title="How wide is the Korean DMZ?").count() == 1


def test_nobody_is_mailed(mailbox):
    run()

    assert mailbox.messages == []


def test_unclear_and_draft_posts_wait_as_drafts_and_draft_imports_publish_nothing():
    run("--draft")

    assert not QuestionPage.objects.filter(live=True).exists()
    assert QuestionPage.objects.get(title="Is the war over?").live is False


def test_one_failing_item_stops_no_other(monkeypatch, capsys):
    real = writing.question_fields

    def failing(item, parts):
        if item.id == 11:
            raise ValueError("broken on purpose")
        return real(item, parts)

    monkeypatch.setattr(writing, "question_fields", failing)
    with pytest.raises(CommandError, match="1 item\\(s\\) could not be imported"):
        call_command("import", "wordpress", str(EXPORT), verbosity=1)

    shown = capsys.readouterr().out
    assert "Not imported (nothing of them was saved):" in shown
    assert "“How wide is the Korean DMZ?” (id 11): broken on purpose" in shown
    assert not QuestionPage.objects.filter(slug="how-wide-is-the-korean-dmz").exists()
    assert not TopicPage.objects.filter(slug="korea").exists()  # its topic went with it
    assert QuestionPage.objects.filter(title="Is the war over?").exists()


UPLOADS = Path(__file__).parent / "uploads"


def test_images_come_from_the_uploads_folder_once_however_often_shown(capsys):
    from wagtail.images import get_image_model

    call_command("import", "wordpress", str(EXPORT), "--media", str(UPLOADS), verbosity=1)
    call_command("import", "wordpress", str(EXPORT), "--media", str(UPLOADS), verbosity=0)

    (image,) = get_image_model().objects.all()
    assert (image.width, image.height) == (40, 20)
    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    figure = next(block for block in dmz.body if block.block_type == "image")
    assert figure.value["image"].id == image.pk
    assert figure.value["image"].contextual_alt_text == "A map of the zone across the peninsula"
    assert figure.value["caption"] == "The zone, coast to coast."
    shown = capsys.readouterr().out
    assert "Left out of the pages' content" in shown and "shortcode [gallery]: 1" in shown


def test_a_missing_file_is_reported_and_the_page_imported_without_it(capsys, tmp_path):
    call_command("import", "wordpress", str(EXPORT), "--media", str(tmp_path), verbosity=1)

    shown = capsys.readouterr().out
    assert "Files not found in the uploads folder" in shown and "2026/03/dmz-map.png" in shown
    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    assert [block.block_type for block in dmz.body] == ["paragraph"]


def test_a_missing_media_folder_is_refused_before_anything_is_written(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no such folder"):
        call_command("import", "wordpress", str(EXPORT), "--media", str(tmp_path / "gone"))

    assert not QuestionPage.objects.exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://old.example/wp-content/uploads/2026/03/map.png", "2026/03/map.png"),
        ("https://old.example/wp-content/uploads/2026/03/a%20b.png", "2026/03/a b.png"),
        ("https://old.example/wp-content/uploads/../../etc/passwd", None),
        ("https://elsewhere.example/picture.png", None),
    ],
)
def test_only_files_inside_the_uploads_folder_are_read(url, expected):
    assert writing.upload_of(url) == expected


def test_imported_questions_are_found_by_search(client):
    run()

    response = client.get("/search/?q=Panmunjom")

    assert "How wide is the Korean DMZ?" in response.content.decode()


def test_an_interrupted_run_picks_up_where_it_stopped(monkeypatch):
    real = writing.write_page
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C during the second page
        return real(*args, **kwargs)

    monkeypatch.setattr(writing, "write_page", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run()
    assert QuestionPage.objects.count() == 1  # the first page came across whole
    monkeypatch.setattr(writing, "write_page", real)

    run()
    once = snapshot()
    run()

    assert snapshot() == once
    assert QuestionPage.objects.count() == 2 and PlainPage.objects.filter(slug="about").exists()


def test_figures_in_imported_answers_are_offered_as_fact_candidates():
    from plainly.editorial.checks import all_findings

    run()

    unsourced = [f for f in all_findings() if f.kind == "unsourced"]
    assert any("2 km" in finding.sentence for finding in unsourced), unsourced


def test_pages_imported_without_their_files_get_them_when_the_files_come(capsys):
    run()  # no copy of the uploads yet
    dmz = QuestionPage.objects.get(slug="how-wide-is-the-korean-dmz")
    assert dmz.social_image is None
    capsys.readouterr()

    run("--media", str(UPLOADS))

    dmz.refresh_from_db()
    assert dmz.social_image is not None and dmz.social_image.title == "dmz map"
    assert "Pages: 0 created, 1 updated" in capsys.readouterr().out
    before = snapshot()
    run("--media", str(UPLOADS))
    assert snapshot() == before  # complete now: nothing more to do


def older_export(tmp_path: Path) -> Path:
    older = tmp_path / "older.xml"
    older.write_text(EXPORT.read_text().replace("export/1.2/", "export/1.1/"))
    return older


def unusual_export(tmp_path: Path) -> Path:
    from plainly.imports.tests.test_wxr import UNUSUAL

    odd = tmp_path / "odd.xml"
    odd.write_text(UNUSUAL, encoding="utf-8")
    return odd


@pytest.mark.parametrize(
    "export",
    [older_export, unusual_export, lambda _: Path(__file__).parent / "wxr" / "wordpress-made.xml"],
    ids=["wxr 1.1", "unusual content", "made by wordpress"],
)
def test_every_export_imported_twice_changes_nothing_the_second_time(tmp_path, export):
    path = export(tmp_path)
    call_command("import", "wordpress", str(path), "--media", str(UPLOADS), verbosity=0)
    before = snapshot()
    assert before["pages"] or before["plain"]  # something came across

    call_command("import", "wordpress", str(path), "--media", str(UPLOADS), verbosity=0)

    assert snapshot() == before
