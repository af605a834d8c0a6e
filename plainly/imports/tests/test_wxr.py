"""Reading WordPress exports: what a WXR file holds comes out item by item, and a file that is
not one (or is one made to harm) is refused with a message that says why."""

import datetime
import gzip
import shutil
import tracemalloc
from pathlib import Path

import pytest

from plainly.imports import wxr

HERE = Path(__file__).parent / "wxr"


def items_of(path: Path) -> tuple[wxr.Export, list[wxr.Item]]:
    export, items = wxr.read(path)
    return export, list(items)


def test_the_channel_names_the_site_its_authors_and_terms():
    export, _ = items_of(HERE / "site-1.2.xml")

    assert (export.title, export.link, export.version) == (
        "Peninsula Answers",
        "https://answers.example.org",
        "1.2",
    )
    assert export.authors == [wxr.Author("hana", "hana@answers.example.org", "Hana Lee")]
    assert [term.slug for term in export.categories] == ["korea", "history"]
    assert [term.name for term in export.tags] == ["border"]


def test_each_item_comes_with_its_fields_terms_and_comments():
    _, items = items_of(HERE / "site-1.2.xml")

    post, page, attachment, draft = items
    assert (post.id, post.type, post.status, post.slug) == (
        11,
        "post",
        "publish",
        "how-wide-is-the-korean-dmz",
    )
    assert post.title == "How wide is the Korean DMZ?"
    assert post.date == datetime.datetime(2026, 3, 10, 8, 0, tzinfo=datetime.UTC)
    assert post.author == "hana" and post.excerpt == "About four kilometres wide."
    assert "<!-- wp:paragraph -->" in post.content
    assert [term.slug for term in post.categories] == ["korea", "history"]
    assert [term.slug for term in post.tags] == ["border"]
    assert post.meta == {"_thumbnail_id": "21"}
    assert [(c.id, c.approved, c.parent) for c in post.comments] == [
        (101, "1", 0),
        (102, "0", 101),
        (103, "spam", 0),
        (104, "trash", 102),
    ]
    assert post.comments[0].author == "Minjun"
    assert post.comments[0].email == "minjun@mail.example"
    assert (page.type, page.slug) == ("page", "about")
    assert attachment.attachment_url.endswith("/wp-content/uploads/2026/03/dmz-map.png")
    assert attachment.parent == 11
    assert (draft.status, draft.slug, draft.date) == ("draft", "", None)


def test_a_gzipped_export_reads_the_same(tmp_path):
    packed = tmp_path / "export.xml.gz"
    with (HERE / "site-1.2.xml").open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)

    assert items_of(packed) == items_of(HERE / "site-1.2.xml")


def test_wxr_1_1_is_read_too(tmp_path):
    older = tmp_path / "older.xml"
    older.write_text((HERE / "site-1.2.xml").read_text().replace("export/1.2/", "export/1.1/"))

    export, items = items_of(older)

    assert export.version == "1.1"
    assert [item.id for item in items] == [11, 5, 21, 12]
    assert items[0].excerpt == "About four kilometres wide."


UNUSUAL = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Odd &amp; Ends</title><link>https://odd.example</link>
<item><title></title><link>https://odd.example/?p=3</link>
<content:encoded><![CDATA[<p>A CDATA end ]]]]><![CDATA[> inside, &amp; one.</p>]]>\
</content:encoded>
<wp:post_id>3</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
</item>
<item><title>한반도는 얼마나 넓은가? &#8212; 答え</title><link>https://odd.example/?p=4</link>
<content:encoded><![CDATA[<p>약 22만 제곱킬로미터.</p>]]></content:encoded>
<wp:post_id>4</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
</item></channel></rss>
"""


def test_unusual_but_valid_content_is_read_as_written(tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_text(UNUSUAL, encoding="utf-8")

    export, (untitled, korean) = items_of(odd)

    assert export.title == "Odd & Ends"
    assert untitled.title == ""
    assert untitled.content == "<p>A CDATA end ]]> inside, &amp; one.</p>"
    assert korean.title == "한반도는 얼마나 넓은가? — 答え"
    assert korean.content == "<p>약 22만 제곱킬로미터.</p>"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&b;</title></channel></rss>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(BOMB, "declares a DTD or XML entities", id="entity expansion"),
        pytest.param(
            '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
            "<title>Cut short",
            "not well-formed XML at line 1",
            id="malformed",
        ),
        pytest.param(
            "<html><body>Hello</body></html>", "not a WordPress export (it has <html>)", id="html"
        ),
        pytest.param(
            '<rss version="2.0"><channel><title>Plain RSS</title></channel></rss>',
            "not a WordPress export (it has no wp: namespace)",
            id="plain rss",
        ),
        pytest.param(
            '<rss xmlns:wp="http://wordpress.org/export/9.0/"><channel><title>Future</title>'
            "</channel></rss>",
            "WXR version 9.0 is not one this importer knows (1.1, 1.2)",
            id="unknown version",
        ),
    ],
)
def test_a_file_that_is_no_export_is_refused_with_the_reason(tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_text(content, encoding="utf-8")

    with pytest.raises(wxr.WXRError, match=message.replace("(", r"\(").replace(")", r"\)")):
        items_of(bad)


def test_text_that_is_not_utf8_is_refused_with_a_hint(tmp_path):
    latin = tmp_path / "latin.xml"
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss xmlns:wp="http://wordpress.org/export/1.2/">'
    )
    latin.write_bytes(head + b"<channel><title>Caf\xe9</title></channel></rss>")

    with pytest.raises(wxr.WXRError, match="is the file UTF-8, as WordPress writes it"):
        items_of(latin)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(wxr.WXRError, match="no such file"):
        wxr.read(tmp_path / "nowhere.xml")


def peak_memory_reading(path: Path, items: int) -> int:
    """The most memory Python held at once while reading an export of ``items`` items."""
    body = "".join(
        f"<item><title>Question {n}?</title><wp:post_id>{n}</wp:post_id>"
        f"<content:encoded><![CDATA[<p>{'An answer in a few words. ' * 20}</p>]]></content:encoded>"
        "<wp:post_type>post</wp:post_type></item>"
        for n in range(1, items + 1)
    )
    path.write_text(
        '<rss xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Big</title>{body}</channel></rss>"
    )
    tracemalloc.start()
    try:
        _, read = wxr.read(path)
        assert sum(1 for _ in read) == items
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_long_the_export(tmp_path):
    # Each item is let go once read: ten times the items take about the same memory.
    small = peak_memory_reading(tmp_path / "small.xml", 1_000)
    large = peak_memory_reading(tmp_path / "large.xml", 10_000)

    assert large < 2 * small


def test_items_and_attachments_are_surveyed_ahead(tmp_path):
    survey = wxr.survey(HERE / "site-1.2.xml")
    assert survey.items == 4  # for the progress bar's time left
    assert survey.attachments == {  # for featured images, wherever the export lists them
        21: "https://answers.example.org/wp-content/uploads/2026/03/dmz-map.png"
    }
    broken = tmp_path / "broken.xml"
    broken.write_text("<html>")
    assert wxr.survey(broken).items == 0
