"""Importing saved pages: each becomes a structured question with its readers' discussion and
its old address redirected; a second run changes nothing; unclear pages wait as drafts."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision

from plainly.discussion.models import Comment
from plainly.imports import writing
from plainly.imports.models import ImportedItem
from plainly.questions.models import QuestionPage, TopicPage

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"
UPLOADS = Path(__file__).parent / "uploads"
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
    # Numbered in the old page's order, so no database shows them in another.
    assert [
        [item.sort_order for item in children.all()]
        for children in (bees.key_facts, bees.faq_items, bees.sources)
    ] == [[0, 1, 2], [0, 1], [0, 1]]

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


def test_a_comment_added_above_leaves_the_others_as_they_were(tmp_path):
    copy = tmp_path / "onions.html"
    shutil.copy(PAGES / "table-font.html", copy)
    run(str(copy))
    before = dict(Comment.objects.values_list("author_name", "pk"))

    first_row = b'<TR><TD><FONT FACE="Arial" SIZE="1">by <B>chefmike</B>'
    added = (
        b'<TR><TD><FONT SIZE="1">by <B>Newcomer</B> on 11/30/2002</FONT><BR>Late to this.</TD></TR>'
    )
    copy.write_bytes(copy.read_bytes().replace(first_row, added + first_row))
    run(str(copy))

    after = dict(Comment.objects.values_list("author_name", "pk"))
    assert {name: after[name] for name in before} == before  # same comments, same rows
    assert Comment.objects.get(author_name="Newcomer").body == "Late to this."
    student = Comment.objects.get(author_name="student42")
    assert student.parent.author_name == "chefmike"


def test_two_files_with_one_canonical_address_make_one_question(tmp_path, capsys):
    (tmp_path / "print").mkdir()
    shutil.copy(PAGES / "semantic.html", tmp_path / "bees.html")
    shutil.copy(PAGES / "semantic.html", tmp_path / "print" / "bees.html")

    call_command("import", "pages", str(tmp_path), verbosity=1)

    assert QuestionPage.objects.filter(title="How long does a honey bee live?").count() == 1
    assert "copies of a page already read (the same canonical address): 1" in (
        capsys.readouterr().out
    )


def test_a_crawl_of_a_site_with_query_string_addresses(tmp_path, client):
    crawl = tmp_path / "mirror" / "www.kitchenwhys.example"  # as wget saves a site
    crawl.mkdir(parents=True)
    shutil.copy(PAGES / "table-font.html", crawl / "article.php?id=3")
    shutil.copy(PAGES / "div-soup.html", crawl / "article.php?id=4")
    (crawl / ".DS_Store").write_bytes(b"\x00\x01")
    (crawl / "logo.gif").write_bytes(b"GIF89a")
    (crawl / "feed").write_text('<?xml version="1.0"?><rss></rss>')

    run(str(tmp_path / "mirror"))

    onions = QuestionPage.objects.get(slug="why-do-onions-make-you-cry")
    wall = QuestionPage.objects.get(slug="can-you-see-the-great-wall-of-china-from-space")
    for old, page in [("/article.php?id=3", onions), ("/article.php?id=4", wall)]:
        response = client.get(old)
        assert response.status_code == 301 and response["Location"].endswith(page.url), old
    assert QuestionPage.objects.count() == 2  # the feed, the image and .DS_Store are no pages


def test_images_of_a_saved_page_come_from_beside_it_and_nowhere_else(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    (crawl / "images").mkdir(parents=True)
    (crawl / "answers").mkdir()
    shutil.copy(UPLOADS / "2026" / "11" / "tide-chart.png", crawl / "images" / "tides.png")
    (tmp_path / "secret.png").write_bytes((UPLOADS / "2026" / "11" / "tide-chart.png").read_bytes())
    (crawl / "answers" / "tides.html").write_text(
        """<html><body><h1>Why are there two tides a day?</h1>
        <p class="byline">By Kit Moss, 4 June 2021</p>
        <p>Because the Moon's pull stretches the oceans into two bulges, one on each side.</p>
        <p><img src="../images/tides.png" alt="A tide chart of one day"></p>
        <p>The Earth turns through both bulges each day, so most coasts get two high tides.</p>
        <p><img src="../../secret.png" alt="Outside the crawl"></p>
        <p><img src="https://cdn.example.net/elsewhere.png" alt="Elsewhere"></p>
        </body></html>"""
    )

    call_command("import", "pages", str(crawl), verbosity=1)

    tides = QuestionPage.objects.get(slug="why-are-there-two-tides-a-day")
    images = [block.value for block in tides.body if block.block_type == "image"]
    assert [image["image"].contextual_alt_text for image in images] == ["A tide chart of one day"]
    assert get_image_model().objects.count() == 1  # nothing from outside the crawl
    shown = capsys.readouterr().out
    # Neither the one outside the crawl nor another site's is looked for, and both are counted.
    assert "images from elsewhere than the old site's files: 2" in shown


def test_a_dry_run_names_what_it_could_not_read_and_says_so_in_its_exit_status(
    tmp_path, monkeypatch, capsys
):
    from plainly.imports import pages

    real = pages.read

    def failing(raw, source_id, **options):
        if "div-soup" in source_id:
            raise ValueError("broken on purpose")
        return real(raw, source_id, **options)

    monkeypatch.setattr(pages, "read", failing)
    with pytest.raises(CommandError, match="1 item"):
        call_command("import", "pages", *STYLES, "--dry-run", "--draft", verbosity=1)

    shown = capsys.readouterr().out
    assert "Not read:" in shown and "div-soup.html: could not be read (broken on purpose)" in shown
    assert "2 questions (0 published, 2 drafts)" in shown  # --draft, as the import would
    assert not QuestionPage.objects.exists()


def test_a_page_waiting_for_a_file_is_not_saved_again_until_it_comes(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    (crawl / "files").mkdir(parents=True)
    (crawl / "files" / "notes.docx").write_bytes(b"PK\x03\x04")  # a kind the library does not keep
    (crawl / "tides.html").write_text(
        """<html><body><h1>Why are tides higher at full moon?</h1>
        <p class="byline">By Kit Moss, 4 June 2021</p>
        <p>Because the Sun and the Moon then pull in line, and their pulls add up.</p>
        <p><img src="/images/chart.png" alt="A chart of spring tides"></p>
        <p>See <a href="/files/notes.docx">the notes</a> and <a href="/other.html">more</a>.</p>
        </body></html>"""
    )
    run(str(crawl))
    revisions = Revision.objects.count()

    run(str(crawl))

    assert Revision.objects.count() == revisions  # nothing arrived: nothing to do
    capsys.readouterr()
    (crawl / "images").mkdir()
    shutil.copy(UPLOADS / "2026" / "11" / "tide-chart.png", crawl / "images" / "chart.png")
    call_command("import", "pages", str(crawl), verbosity=1)

    tides = QuestionPage.objects.get(slug="why-are-tides-higher-at-full-moon")
    assert [block.block_type for block in tides.body].count("image") == 1
    assert "Pages: 0 created, 1 updated" in capsys.readouterr().out


def test_the_same_name_in_two_crawls_is_two_images(tmp_path):
    png = (UPLOADS / "2026" / "11" / "tide-chart.png").read_bytes()
    for site, picture in [
        ("one", png),
        ("two", (UPLOADS / "2026" / "03" / "dmz-map.png").read_bytes()),
    ]:
        crawl = tmp_path / site
        (crawl / "images").mkdir(parents=True)
        (crawl / "images" / "figure.png").write_bytes(picture)
        (crawl / "page.html").write_text(
            f"""<html><body><h1>What does the {site} chart show?</h1>
            <p class="byline">By Kit Moss, 4 June 2021</p>
            <p>The {site} chart shows the water level over one day, hour by hour.</p>
            <p><img src="images/figure.png" alt="The {site} chart"></p></body></html>"""
        )

    run(str(tmp_path / "one"), str(tmp_path / "two"))

    assert get_image_model().objects.count() == 2


def test_the_progress_bar_counts_the_pages_and_the_time_left(capsys):
    call_command("import", "pages", *STYLES, verbosity=1)

    shown = capsys.readouterr().err
    assert "Importing" in shown and "3/3" in shown and "<00:00" in shown
