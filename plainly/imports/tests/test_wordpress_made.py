"""An export WordPress wrote itself (Debian's wordpress package, Tools → Export): classic and
block-editor posts, a caption and an unknown shortcode, a featured image and a PDF, threads three
deep in every state a real export holds, drafts, a pending post, the trash and WordPress's own
default category."""

from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from plainly.discussion.models import Comment
from plainly.questions.models import PlainPage, QuestionPage, TopicPage

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
EXPORT = HERE / "wxr" / "wordpress-made.xml"
UPLOADS = HERE / "uploads"


@pytest.fixture(autouse=True)
def imported(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("import", "wordpress", str(EXPORT), "--media", str(UPLOADS), verbosity=0)


def test_posts_become_questions_under_their_first_category():
    tides = QuestionPage.objects.get(slug="why-does-the-sea-have-tides")
    assert tides.live and tides.get_parent().specific.title == "Earth science"
    assert (tides.byline, [tag.name for tag in tides.tags.all()]) == ("Ravi Kaur", ["oceans"])
    honey = QuestionPage.objects.get(slug="why-doesnt-honey-go-bad")
    assert honey.get_parent().title == "Food & drink"  # WordPress escapes its term names
    assert honey.summary.startswith("Honey is too sugary and too acidic")  # the excerpt
    leap = QuestionPage.objects.get(slug="why-do-we-have-leap-years")
    assert leap.live and leap.get_parent().slug == "imported"  # "Uncategorized" is no topic
    assert not TopicPage.objects.filter(slug="uncategorized").exists()


def test_block_editor_structure_becomes_facts_faq_and_sources():
    volcanoes = QuestionPage.objects.get(slug="how-do-volcanoes-erupt")

    assert volcanoes.summary.startswith("A volcano erupts when hot melted rock")
    assert volcanoes.key_facts_heading == "More about volcanoes"
    assert volcanoes.key_facts.count() == 3
    assert [item.question for item in volcanoes.faq_items.all()] == [
        "Can scientists predict eruptions?",
        "Is lava the most dangerous part?",
    ]
    assert [source.url for source in volcanoes.sources.all()] == [
        "https://www.usgs.gov/programs/VHP",
        "https://volcano.si.edu/",
    ]


def test_media_come_from_the_uploads_folder_as_images_and_documents():
    tides = QuestionPage.objects.get(slug="why-does-the-sea-have-tides")
    chart = get_image_model().objects.get()
    tables = get_document_model().objects.get()

    assert tides.social_image == chart  # the featured image
    image = tides.body[0]
    assert image.block_type == "image" and image.value["image"].pk == chart.pk
    assert image.value["caption"] == "High and low water at the harbour over one day."
    assert image.value["image"].contextual_alt_text == "Chart of high and low water over one day"
    linked = "".join(str(block.value) for block in tides.body if block.block_type == "paragraph")
    assert f'href="{tables.url}"' in linked and "old.example.org" not in linked
    assert tables.file.read().startswith(b"%PDF")


def test_threads_three_deep_are_attached_to_their_top_in_order():
    tides = QuestionPage.objects.get(slug="why-does-the-sea-have-tides")
    jo, ravi, jo_again, sam = Comment.objects.filter(page=tides).order_by("created_at")

    assert (jo.author_name, jo.parent, jo.state) == ("Jo Pennick", None, "approved")
    assert (ravi.parent, jo_again.parent) == (jo, jo)  # a reply to the reply joins the thread
    assert (sam.author_name, sam.state) == ("Sam Okafor", "held")  # pending in WordPress
    volcanoes = QuestionPage.objects.get(slug="how-do-volcanoes-erupt")
    states = list(
        Comment.objects.filter(page=volcanoes).order_by("created_at").values_list("state")
    )
    assert states == [("approved",), ("approved",), ("held",)]  # no pingback, no trash
    assert not Comment.objects.filter(author_name__in=["anon", "Tom Hale"]).exists()


def test_drafts_stay_drafts_and_the_trash_stays_behind():
    assert not QuestionPage.objects.get(slug="why-is-the-sky-blue").live
    assert not QuestionPage.objects.get(slug="how-do-bees-make-wax").live  # pending review
    assert not QuestionPage.objects.filter(title__startswith="Can goldfish").exists()
    assert PlainPage.objects.get(slug="about-us").live
    assert not PlainPage.objects.get(slug="editorial-guidelines").live


def test_permalinks_and_ids_redirect_to_the_new_pages(client):
    tides = QuestionPage.objects.get(slug="why-does-the-sea-have-tides")
    volcanoes = QuestionPage.objects.get(slug="how-do-volcanoes-erupt")

    for old, page in [
        ("/2026/11/why-does-the-sea-have-tides/", tides),
        ("/?p=1", tides),
        ("/2026/09/how-do-volcanoes-erupt/", volcanoes),
        ("/?p=4", volcanoes),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"].endswith(page.url), old


def test_a_second_run_changes_nothing():
    before = (
        sorted(QuestionPage.objects.values_list("pk", "latest_revision_id")),
        Comment.objects.count(),
        Redirect.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )

    call_command("import", "wordpress", str(EXPORT), "--media", str(UPLOADS), verbosity=0)

    assert before == (
        sorted(QuestionPage.objects.values_list("pk", "latest_revision_id")),
        Comment.objects.count(),
        Redirect.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )
