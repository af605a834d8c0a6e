"""Reading saved pages of older sites: each of three markup styles gives up the same structure,
and what surrounds the text is left behind."""

import datetime
from pathlib import Path

import pytest

from plainly.imports import pages

PAGES = Path(__file__).parent / "pages"


def read(name: str, **options) -> pages.OldPage:
    return pages.read((PAGES / name).read_bytes(), name, crawl_path=name, **options)


def body_text(page: pages.OldPage) -> str:
    return " ".join(str(value) for _, value in page.parts.blocks)


def test_semantic_html5_with_structured_data():
    page = read("semantic.html")

    assert page.title == "How long does a honey bee live?"
    assert page.byline == "Ruth Osei"
    assert page.reviewed.date() == datetime.date(2024, 6, 18)  # dateModified
    assert page.parts.short_answer.startswith("A worker honey bee lives about five to six weeks")
    assert ("heading", "Why the queen outlives her workers") in page.parts.blocks
    assert page.parts.key_facts_heading == "More about honey bees"
    assert len(page.parts.key_facts) == 3 and "230 times a second" in page.parts.key_facts[2]
    assert [question for question, _ in page.parts.faq] == [
        "Do drones live longer than workers?",
        "Can a worker become a queen?",
    ]
    assert page.parts.sources[0] == (
        "Extension service: the life of a worker bee",
        "https://extension.example.edu/bees/lifespan",
    )
    assert page.topic == ("insects", "Insects")  # from the breadcrumb trail
    assert page.old_paths[0] == "/insects/how-long-does-a-honey-bee-live"  # canonical
    assert page.confident


def test_div_soup_with_telling_classes():
    page = read("div-soup.html")

    assert page.title == "Can you see the Great Wall of China from space?"  # site name gone
    assert page.byline == "Marcus Hale"
    assert page.reviewed.date() == datetime.date(2011, 3, 3)
    assert page.parts.short_answer.startswith("Not with the naked eye from orbit.")
    assert ("heading", "Where did the story come from?") in page.parts.blocks
    assert page.parts.key_facts_heading == "More about the Great Wall"
    assert "UNESCO listed the wall as a World Heritage Site in 1987." in page.parts.key_facts
    assert page.parts.faq[0] == (
        "Can it be seen from the Moon?",
        "No. At that distance no single building on Earth can be made out by eye.",
    )
    assert page.topic == ("geography", "Geography")
    assert page.confident


def test_tables_of_font_tags_with_br_paragraphs_and_q_and_a():
    page = read("table-font.html")

    assert page.title == "Why do onions make you cry?"
    assert page.byline == "Dot Pemberton"
    assert page.reviewed.date() == datetime.date(2002, 11, 7)  # month first, by default
    assert read("table-font.html", day_first=True).reviewed.date() == datetime.date(2002, 7, 11)
    assert page.parts.short_answer.startswith("Cutting an onion breaks its cells")
    # Paragraphs separated by <br><br> stay paragraphs.
    assert [kind for kind, _ in page.parts.blocks] == ["paragraph", "paragraph"]
    assert page.parts.key_facts_heading == "More about onions"
    # windows-1252 text is read as such.
    assert "China grows about a quarter of the world’s onions." in page.parts.key_facts
    assert page.parts.faq == [
        (
            "Does cutting onions under water help?",
            "Yes, the water catches much of the gas, but the wet onion is slippery to cut.",
        ),
        (
            "Why do some onions not sting at all?",
            "Some have been bred to make very little of the enzyme, so hardly any gas forms.",
        ),
    ]
    assert page.confident


@pytest.mark.parametrize("name", ["semantic.html", "div-soup.html", "table-font.html"])
def test_what_surrounds_the_text_is_left_behind(name):
    page = read(name)
    kept = " ".join(
        [page.parts.short_answer, body_text(page), *page.parts.key_facts]
        + [f"{q} {a}" for q, a in page.parts.faq]
        + [comment.text for comment in page.comments]
    )

    for boilerplate in [
        "Post your comments",
        "Forgot password?",
        "You might also like",
        "Advertisement",
        "Sponsored",
        "Share on Facebook",
        "Digg this",
        "Copyright",
        "©",
        "About us",
        "Home",
        "Categories",
        "Popular",
    ]:
        assert boilerplate not in kept, boilerplate
    assert page.title not in body_text(page)  # the title is not repeated as a heading
    assert "comment forms" in page.dropped and "advertisements" in page.dropped


@pytest.mark.parametrize(
    "name, first, reply",
    [
        ("semantic.html", ("Tomasz", datetime.date(2023, 5, 14)), "Lena"),
        ("div-soup.html", ("skywatcher", datetime.date(2011, 3, 9)), "anon2231"),
        ("table-font.html", ("chefmike", datetime.date(2002, 12, 1)), "student42"),
    ],
)
def test_readers_comments_come_with_author_date_text_and_replies(name, first, reply):
    page = read(name)

    assert len(page.comments) == 3
    top = page.comments[0]
    assert (top.author, top.date.date()) == first
    assert top.text and top.author not in top.text and "20" not in top.text[:4]
    answering = next(comment for comment in page.comments if comment.author == reply)
    assert answering.text.startswith(f"@{top.author}")
    assert answering.reply_to == top.number  # "@name" where the name is an earlier comment's
    assert all(comment.reply_to is None for comment in page.comments if comment is not answering)


def test_an_at_name_that_matches_no_earlier_comment_starts_a_thread():
    markup = b"""<html><body><article><h1>Do cats dream?</h1><p>Probably: their brains show
    the same sleep stages as ours, and they twitch in the deepest of them.</p></article>
    <div id="comments"><div class="comment"><b>Ann</b><p>@Bob I think so too.</p></div>
    <div class="comment"><b>Bob</b><p>Mine chases things in her sleep.</p></div></div>
    </body></html>"""

    page = pages.read(markup, "cats.html")

    assert [comment.author for comment in page.comments] == ["Ann", "Bob"]
    assert all(comment.reply_to is None for comment in page.comments)  # Bob wrote later


def test_a_faq_only_in_json_ld_is_recovered():
    markup = b"""<html><head><script type="application/ld+json">{"@context": "https://schema.org",
    "@type": "FAQPage", "mainEntity": [{"@type": "Question", "name": "Is it safe?",
    "acceptedAnswer": {"@type": "Answer", "text": "<p>Yes, in small amounts.</p>"}}]}</script>
    </head><body><h1>Can dogs eat carrots?</h1><p>Yes. Raw or cooked, carrots are a good
    low-calorie snack for dogs, cut small so that they cannot choke on them.</p></body></html>"""

    page = pages.read(markup, "carrots.html")

    assert page.parts.faq == [("Is it safe?", "Yes, in small amounts.")]
    assert "FAQ from the page's FAQPage JSON-LD" in page.found


@pytest.mark.parametrize(
    "markup",
    [b"", b"<html><body></body></html>", b"\x00\xff\xfe garbage", b"<p>Too short.</p>"],
)
def test_a_page_without_a_question_needs_a_person(markup):
    page = pages.read(markup, "odd.html")

    assert not page.confident
    # Says what is missing: the question, or its answer.
    assert {"no title found: give it a question", "no short answer found: write one"} & set(
        page.notes
    ), page.notes


def read_markup(markup: str) -> pages.OldPage:
    return pages.read(markup.encode(), "page.html")


def test_lines_that_only_begin_like_boilerplate_are_the_page_s_own():
    page = read_markup(
        """<html><body><article><h1>Is the sea rising faster?</h1>
        <p class="byline">By Ana Ruiz, 3 May 2024</p>
        <p>Yes: about twice as fast as it did through most of the last century.</p>
        <p>By 2050, sea levels along many coasts will be some thirty centimetres higher.</p>
        <p>Advertisements in the 1950s promised seaside homes that are now under water.</p>
        <p>Share this with your neighbours before the next flood season starts.</p>
        <p>The <b>Advertisement</b> that ran in 1956 is in the town museum.</p>
        <div><span>Share this</span> </div>
        <h2>You might also like</h2><ul><li><a href="/tides">Tides</a></li></ul>
        <p>Copyright law protects the photographs in this answer.</p>
        </article></body></html>"""
    )

    kept = body_text(page)
    assert page.byline == "Ana Ruiz"  # not "2050"
    for line in ["By 2050, sea levels", "Advertisements in the 1950s", "Share this with your",
                 "The <b>Advertisement</b> that ran", "Copyright law protects"]:  # fmt: skip
        assert line in kept, line
    assert "Tides" not in kept and "You might also like" not in kept
    assert "share links" in page.dropped and "related lists" in page.dropped


def test_a_form_around_the_whole_page_and_a_byline_link_keep_the_text():
    page = read_markup(
        """<html><body><form id="aspnetForm" action="/default.aspx" method="post">
        <div id="content"><h1>Do owls turn their heads all the way round?</h1>
        <a rel="author" href="/staff/3">Tom Brandt</a>
        <p>No, but nearly: an owl can turn its head about 270 degrees either way.</p>
        <p>Extra vertebrae and blood vessels that keep working when twisted make it possible,
        and they let the owl look behind itself without moving its body at all.</p>
        </div></form></body></html>"""
    )

    assert page.byline == "Tom Brandt"
    assert page.parts.short_answer.startswith("No, but nearly")
    assert "Extra vertebrae" in body_text(page)


def test_wordpress_comment_markup_with_nested_replies():
    page = read_markup(
        """<html><body><article><h1>Why do cats purr?</h1>
        <p class="entry-meta">Posted on 2 March 2025 · <span class="comments">3 comments</span></p>
        <p>Mostly to say they are content, but also to soothe themselves when hurt or afraid.</p>
        <h2>Discussion</h2><div><p>Vets still argue about how the sound is made.</p></div>
        </article>
        <div id="comments"><h2>3 comments</h2><ol class="commentlist">
        <li class="comment even depth-1" id="comment-7"><article class="comment-body">
          <footer class="comment-meta"><b class="fn">Rosa</b>
            <time datetime="2025-03-03T10:00:00+00:00">3 March 2025</time></footer>
          <div class="comment-content"><p>Mine purrs at the vet, which I never understood.</p></div>
          <div class="reply"><a href="#respond">Reply</a></div></article>
          <ol class="children"><li class="comment odd depth-2" id="comment-8">
            <article class="comment-body"><footer class="comment-meta"><b class="fn">Imre</b>
            <time datetime="2025-03-04T08:00:00+00:00">4 March 2025</time></footer>
            <div class="comment-content"><p>That is the soothing kind, I think.</p></div>
            <div class="reply"><a href="#respond">Reply</a></div></article></li></ol>
        </li>
        <li class="comment even depth-1" id="comment-9"><article class="comment-body">
          <footer class="comment-meta"><b class="fn">Kai</b>
            <time datetime="2025-03-05T08:00:00+00:00">5 March 2025</time></footer>
          <div class="comment-content"><p>Big cats cannot purr and roar both.</p></div>
        </article></li></ol>
        <div id="respond"><h3>Leave a Reply</h3><form action="/wp-comments-post.php">
        <textarea name="comment"></textarea></form></div></div></body></html>"""
    )

    assert [(c.author, c.text) for c in page.comments] == [
        ("Rosa", "Mine purrs at the vet, which I never understood."),
        ("Imre", "That is the soothing kind, I think."),
        ("Kai", "Big cats cannot purr and roar both."),
    ]
    assert [c.reply_to for c in page.comments] == [None, 1, None]  # nested: a reply
    assert page.comments[1].date.date().isoformat() == "2025-03-04"
    assert "Vets still argue" in body_text(page)  # the article's own "Discussion"


def test_class_rules_do_not_swallow_what_holds_them():
    page = read_markup(
        """<html><body><div class="question"><h1>What is a blue moon?</h1>
        <p>A second full moon in one calendar month, which happens every two or three years.</p>
        <p>The phrase is older than that meaning and once meant something that never happens.</p>
        </div></body></html>"""
    )

    assert page.parts.short_answer.startswith("A second full moon")
    assert "The phrase is older" in body_text(page)


def test_a_definition_list_faq_and_nested_lists():
    page = read_markup(
        """<html><body><h1>How do bats find their way?</h1>
        <p>By echolocation: they call and listen to the echoes that come back from things.</p>
        <ul><li>Calls<ul><li>too high for us to hear</li></ul></li><li>Echoes</li></ul>
        <h2>FAQ</h2><dl><dt>Are bats blind?</dt><dd>No, most see quite well.</dd>
        <dt>Do all bats echolocate?</dt><dd>No: many fruit bats find food by smell.</dd></dl>
        </body></html>"""
    )

    assert page.parts.faq == [
        ("Are bats blind?", "No, most see quite well."),
        ("Do all bats echolocate?", "No: many fruit bats find food by smell."),
    ]
    (kind, listed), *_ = page.parts.blocks
    assert kind == "paragraph" and listed.count("<li>") == 2  # the nested item is not repeated


def test_one_comment_in_wordpress_classic_markup():
    page = read_markup(
        """<html><body><article><h1>Do onions keep better in the dark?</h1>
        <p>Yes: light makes stored onions sprout, so keep them somewhere dark, cool and dry.</p>
        </article>
        <div id="comments"><h3 id="comments-title">One thought on “Do onions keep better in
        the dark?”</h3><ol class="commentlist"><li class="comment" id="li-comment-5">
        <div class="comment-author vcard"><cite class="fn">Gran</cite>
          <span class="says">says:</span></div>
        <div class="comment-meta commentmetadata"><a href="#comment-5">Wednesday,
          January 15th, 2003 at 10:02 am</a></div>
        <p>A paper bag in the pantry has always done for mine.</p>
        <div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div>
        </li></ol></div></body></html>"""
    )

    (gran,) = page.comments
    assert (gran.author, gran.text) == (
        "Gran",
        "A paper bag in the pantry has always done for mine.",
    )
    assert gran.date.date().isoformat() == "2003-01-15"
    assert "thought" not in body_text(page)


def test_an_article_s_own_discussion_section_is_not_taken_for_comments():
    page = read_markup(
        """<html><body><article><h1>Did masks help in 2020?</h1>
        <p>Yes, on the whole: most studies found that they cut the spread of the virus.</p>
        <h2>Comments</h2><div class="section"><p>In March 2020 the WHO declared a pandemic,
        and mask rules followed within weeks in many countries.</p>
        <p>Later trials compared places with and without them.</p></div>
        </article></body></html>"""
    )

    assert page.comments == []
    assert "In March 2020 the WHO declared" in body_text(page)
    assert "Later trials compared" in body_text(page)


def test_relative_dates_are_not_read_as_today_s():
    markup = """<html><body><h1>Why do dogs tilt their heads?</h1>
        <p>To hear better: tilting moves the ear flap and helps them place a sound.</p>
        <div id="comments"><div class="comment"><b>Lou</b> <span class="date">2 days ago</span>
        <p>Mine does it at the word "walk".</p></div></div></body></html>"""

    first, second = read_markup(markup), read_markup(markup)

    assert first.comments[0].date is None  # the page says nothing of when
    assert pages.comment_ids(first) == pages.comment_ids(second)


@pytest.mark.parametrize(
    "raw, page",
    [
        (b"<html><body><p>Hello</p></body></html>", True),
        (b"\n" * 5000 + b"<HTML><BODY><P>Late start</P></BODY></HTML>", True),
        ("<html><body><p>Seite</p></body></html>".encode("utf-16"), True),
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><pubDate>Mon, 1 Jan 2024'
            b"</pubDate></item></channel></rss>",
            False,
        ),
        (b'<?xml version="1.0"?><urlset><url><priority>0.5</priority></url></urlset>', False),
        (b"GIF89a\x01\x00", False),
    ],
)
def test_what_counts_as_a_page_in_a_crawl(raw, page):
    assert pages.looks_like_html(raw) is page
