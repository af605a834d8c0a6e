"""A dry run of a WordPress import: what would be created, left behind or need a person, and
where each old address would lead; nothing is written."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plainly.imports import wordpress, wxr
from plainly.imports.wxr import Comment
from plainly.questions.models import QuestionPage

HERE = Path(__file__).parent / "wxr"


def plan_of(path: Path) -> wordpress.Plan:
    export, items = wxr.read(path)
    return wordpress.plan(export, items)


def test_posts_become_questions_under_their_first_category_and_pages_plain_pages():
    plan = plan_of(HERE / "site-1.2.xml")

    dmz, about, war = plan.pages
    assert (dmz.kind, dmz.topic, dmz.slug, dmz.publish) == (
        "question",
        ("korea", "Korea"),
        "how-wide-is-the-korean-dmz",
        True,
    )
    assert dmz.notes == ["also filed under History: only its first category is kept"]
    assert (about.kind, about.topic, about.new_path) == ("plain page", None, "/about/")
    # A draft with no slug of its own gets one from its title, and stays a draft.
    assert (war.slug, war.publish, war.new_path) == (
        "is-the-war-over",
        False,
        "/history/is-the-war-over/",
    )
    assert plan.topics == {"korea": "Korea", "history": "History"}
    assert plan.attachments == 1


def test_comments_keep_their_state_and_replies_their_thread():
    plan = plan_of(HERE / "site-1.2.xml")

    comments = plan.pages[0].comments
    assert [(c.source_id, c.state, c.reply_to) for c in comments] == [
        (101, "approved", None),
        (102, "held", 101),
        (103, "spam", None),
    ]
    assert plan.dropped == {"comments in the trash": 1}


def comment(id: int, parent: int = 0, **fields) -> Comment:
    values = dict(author="A", email="", url="", date=None, content="Hi", approved="1", type="")
    return Comment(id=id, parent=parent, **{**values, **fields})


def test_a_reply_to_a_reply_joins_the_top_of_its_thread():
    thread = [comment(1), comment(2, 1), comment(3, 2), comment(4, 3), comment(5, 99)]

    tops = [wordpress.thread_top(each, {c.id: c for c in thread}) for each in thread]

    # A reply whose parent is not in the export (deleted) starts a thread of its own.
    assert tops == [None, 1, 1, 1, None]


def test_pingbacks_and_unknown_kinds_are_left_behind_and_counted():
    assert wordpress.planned_comment(comment(1, type="pingback"), []) is None
    assert wordpress.dropped_comment_kind(comment(1, type="pingback")) == "pingbacks"


def test_old_addresses_map_to_the_new_ones():
    plan = plan_of(HERE / "site-1.2.xml")

    assert plan.addresses() == [
        ("/2026/03/how-wide-is-the-korean-dmz/", "/korea/how-wide-is-the-korean-dmz/"),
        ("/?p=11", "/korea/how-wide-is-the-korean-dmz/"),
        ("/about/", "/about/"),
        ("/?page_id=5", "/about/"),
        ("/?p=12", "/history/is-the-war-over/"),
    ]


def test_two_posts_with_one_slug_in_a_topic_are_told_apart(tmp_path):
    text = (HERE / "site-1.2.xml").read_text()
    # The draft takes the DMZ post's slug and category.
    text = text.replace(
        "<wp:post_name><![CDATA[]]></wp:post_name>",
        "<wp:post_name><![CDATA[how-wide-is-the-korean-dmz]]></wp:post_name>",
    ).replace(
        '<category domain="category" nicename="history"><![CDATA[History]]></category>\n\t</item>',
        '<category domain="category" nicename="korea"><![CDATA[Korea]]></category>\n\t</item>',
    )
    twice = tmp_path / "twice.xml"
    twice.write_text(text)

    slugs = [page.slug for page in plan_of(twice).pages if page.kind == "question"]

    assert slugs == ["how-wide-is-the-korean-dmz", "how-wide-is-the-korean-dmz-2"]


@pytest.mark.django_db
def test_the_dry_run_reports_and_writes_nothing_but_its_report(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    questions = QuestionPage.objects.count()

    call_command("import", "wordpress", str(HERE / "site-1.2.xml"), "--dry-run", verbosity=0)

    shown = capsys.readouterr().out
    assert "2 questions (1 published, 1 draft) and 1 plain page" in shown
    assert "3 comments: 1 approved, 1 held for moderation, 1 marked as spam" in shown
    assert "Dry run: nothing was written" in shown
    assert QuestionPage.objects.count() == questions
    (folder,) = (tmp_path / "imports").iterdir()
    assert (folder / "report.txt").read_text() in shown
    with (folder / "addresses.csv").open() as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["old address", "new address"]
    assert ["/?p=11", "/korea/how-wide-is-the-korean-dmz/"] in rows


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["wordpress", "nowhere.xml", "--dry-run"], "no such file"),
        (["wordpress", str(HERE / "site-1.2.xml"), "--media", "nowhere"], "no such folder"),
    ],
)
def test_the_command_refuses_with_a_message(settings, tmp_path, arguments, message):
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError, match=message):
        call_command("import", *arguments, verbosity=0)

    assert not (tmp_path / "imports").exists()


def test_a_post_with_no_title_or_content_is_named_for_a_person():
    empty = wxr.Item(
        id=7, type="post", title="", link="", slug="", status="publish", date=None,
        author="", content="", excerpt="", parent=0, attachment_url="",
    )  # fmt: skip

    planned = wordpress.planned_page(empty, {})

    assert planned.title == "Untitled post 7" and planned.slug == "untitled-post-7"
    assert "has no title: give it a question" in planned.notes
    assert "has no content: write its answer" in planned.notes
