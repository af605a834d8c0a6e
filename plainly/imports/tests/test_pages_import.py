"""Importing saved pages: each becomes a structured question with its readers' discussion and
its old address redirected; a second run changes nothing; unclear pages wait as drafts."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect

from plainly.discussion.models import Comment
from plainly.imports import writing
from plainly.imports.models import ImportedItem
from plainly.questions.models import QuestionPage, TopicPage

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"
STYLES = sorted(str(path) for path in PAGES.glob("*.html"))


def run(*paths, options=()) -> None:
    call_command("import", "pages", *(paths or STYLES), *options, verbosity=0)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def snapshot() -> dict:
    return {
        "pages": sorted(QuestionPage.objects.values_list("slug", "live", "latest_revision_id")),
        "topics": sorted(TopicPage.objects.values_list("slug", flat=True)),
        "comments": sorted(Comment.objects.values_list("pk", "author_name", "parent_id")),
        "redirects": sorted(Redirect.objects.values_list("old_path", "redirect_page_id")),
    }


def test_each_page_becomes_a_structured_question_with_its_discussion():
    run()

    bees = QuestionPage.objects.get(slug="how-long-does-a-honey-bee-live")
    assert bees.live and bees.get_parent().slug == "insects"
    assert (bees.byline, bees.last_reviewed.isoformat()) == ("Ruth Osei", "2024-06-18")
    assert bees.summary.startswith("A worker honey bee lives about five to six weeks")
    assert bees.key_facts_heading == "More about honey bees" and bees.key_facts.count() == 3
    assert bees.faq_items.count() == 2 and bees.sources.count() == 2
    onions = QuestionPage.objects.get(slug="why-do-onions-make-you-cry")
    assert onions.get_parent().slug == "imported"  # the page names no section
    assert [item.question for item in onions.faq_items.all()] == [
        "Does cutting onions under water help?",
        "Why do some onions not sting at all?",
    ]

    chefmike, gran, student = Comment.objects.filter(page=onions).order_by("created_at")
    assert (chefmike.author_name, chefmike.created_at.date().isoformat()) == (
        "chefmike",
        "2002-12-01",
    )
    assert (chefmike.state, gran.parent, student.parent) == ("approved", None, chefmike)
    assert student.body == "@chefmike Does the fridge not make them go soft?"


def test_pages_read_as_the_old_site_showed_them(client):
    run()
    bees = QuestionPage.objects.get(slug="how-long-does-a-honey-bee-live")

    page = client.get(bees.url).content.decode()

    assert "<h1" in page and "How long does a honey bee live?" in page
    assert "Bees beat their wings about 230 times a second." in page
    assert "I keep two hives and the autumn bees" in page  # the discussion
    assert "Buy beekeeping suits" not in page and "Do wasps make honey?" not in page


def test_old_addresses_answer_301_with_the_new_page(client):
    run()
    bees = QuestionPage.objects.get(slug="how-long-does-a-honey-bee-live")

    response = client.get("/insects/how-long-does-a-honey-bee-live")  # its canonical address

    assert response.status_code == 301 and response["Location"].endswith(bees.url)


def test_a_crawl_keeps_its_paths_and_folders(tmp_path, client):
    crawl = tmp_path / "crawl"
    (crawl / "kitchen").mkdir(parents=True)
    shutil.copy(PAGES / "table-font.html", crawl / "kitchen" / "onions.html")

    run(str(crawl))

    onions = QuestionPage.objects.get(slug="why-do-onions-make-you-cry")
    assert onions.get_parent().title == "Kitchen"  # the crawl's folder, for want of a section
    response = client.get("/kitchen/onions.html")
    assert response.status_code == 301 and response["Location"].endswith(onions.url)


def test_a_second_run_changes_nothing():
    run()
    before = snapshot()

    run()

    assert snapshot() == before
    assert ImportedItem.objects.filter(kind="question").count() == 3
    assert ImportedItem.objects.filter(kind="comment").count() == 9


def test_a_changed_page_is_updated_not_duplicated(tmp_path):
    copy = tmp_path / "onions.html"
    shutil.copy(PAGES / "table-font.html", copy)
    run(str(copy))
    onions = QuestionPage.objects.get(slug="why-do-onions-make-you-cry")

    copy.write_bytes(copy.read_bytes().replace(b"so both help.", b"so both help a great deal."))
    run(str(copy))

    onions.refresh_from_db()
    assert QuestionPage.objects.count() == 1
    assert "so both help a great deal." in str(onions.body[-1].value)
    assert Comment.objects.filter(page=onions).count() == 3


def test_a_dry_run_reports_and_writes_nothing(var_dir, capsys):
    pages_before = QuestionPage.objects.count()

    run(options=["--dry-run"])

    assert QuestionPage.objects.count() == pages_before and not Comment.objects.exists()
    assert not Redirect.objects.exists() and not ImportedItem.objects.exists()
    shown = capsys.readouterr().out
    assert "3 questions (3 published, 0 drafts)" in shown and "9 comments" in shown
    (folder,) = (var_dir / "imports").iterdir()
    table = (folder / "pages.csv").read_text()
    assert "date last reviewed from the byline" in table  # how each part was found
    assert "advertisements" in table  # what was left out
    assert "no section found on the page" in table  # what needs a person
    addresses = (folder / "addresses.csv").read_text()
    assert "/insects/how-long-does-a-honey-bee-live,/insects/how-long-does-a-honey-bee-live/" in (
        addresses
    )


def test_a_page_whose_structure_is_unclear_waits_as_a_draft(tmp_path, capsys):
    unclear = tmp_path / "notes.html"
    unclear.write_text("<html><body><h1>Notes</h1><p>See you on Tuesday.</p></body></html>")

    run(str(unclear), *STYLES)

    notes = QuestionPage.objects.get(slug="notes")
    assert not notes.live and notes.has_unpublished_changes
    assert QuestionPage.objects.filter(live=True).count() == 3
    assert "Imported as drafts for an editor" in capsys.readouterr().out


def test_draft_imports_publish_nothing():
    run(options=["--draft"])

    assert QuestionPage.objects.count() == 3 and not QuestionPage.objects.filter(live=True)


def test_nobody_is_mailed(mailbox):
    run()

    assert Comment.objects.count() == 9 and mailbox.messages == []


@pytest.mark.parametrize(
    "paths, message",
    [
        (["/nonexistent/page.html"], "no such file or folder"),
        (["EMPTY"], "No saved pages"),
    ],
)
def test_nothing_to_read_is_refused_with_the_reason(tmp_path, paths, message):
    (tmp_path / "empty").mkdir()
    paths = [str(tmp_path / "empty") if path == "EMPTY" else path for path in paths]

    with pytest.raises(CommandError, match=message):
        run(*paths)

    assert not QuestionPage.objects.exists()


def test_one_page_that_fails_stops_no_other_and_leaves_nothing_half_imported(monkeypatch, capsys):
    real = writing.question_fields

    def failing(item, parts):
        if item.title == "Why do onions make you cry?":
            raise ValueError("broken on purpose")
        return real(item, parts)

    monkeypatch.setattr(writing, "question_fields", failing)
    with pytest.raises(CommandError, match="1 item"):
        call_command("import", "pages", *STYLES, verbosity=1)

    assert "table-font.html): broken on purpose" in capsys.readouterr().out
    assert QuestionPage.objects.count() == 2 and Comment.objects.count() == 6
    assert not TopicPage.objects.filter(slug="imported").exists()  # its topic went with it
    assert not ImportedItem.objects.filter(source_id__contains="table-font.html").exists()

    monkeypatch.setattr(writing, "question_fields", real)
    run()  # mended, the next run brings the rest

    assert QuestionPage.objects.count() == 3 and Comment.objects.count() == 9


def test_two_pages_asking_the_same_question_are_told_apart(tmp_path):
    for folder in ("old", "older"):
        (tmp_path / folder).mkdir()
        shutil.copy(PAGES / "div-soup.html", tmp_path / folder / "wall.html")

    run(str(tmp_path / "old" / "wall.html"), str(tmp_path / "older" / "wall.html"))

    # The crawl paths differ but the question is the same: one slug each, nothing overwritten.
    assert sorted(QuestionPage.objects.values_list("slug", flat=True)) == [
        "can-you-see-the-great-wall-of-china-from-space",
        "can-you-see-the-great-wall-of-china-from-space-2",
    ]


def test_figures_in_imported_pages_are_offered_as_fact_candidates():
    from plainly.editorial.checks import all_findings

    run()

    unsourced = [f for f in all_findings() if f.kind == "unsourced"]
    assert any("2,000 a day" in finding.sentence for finding in unsourced), unsourced
