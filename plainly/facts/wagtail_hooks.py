"""Facts in the admin: a snippet with drafts, revisions and history, searchable by what it
measures."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact


class FactViewSet(SnippetViewSet):
    model = Fact
    icon = "table"
    menu_label = "Facts"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "measure",
        Column(
            "shown_as", label="Shown as", accessor=lambda fact: format_fact(fact, with_date=True)
        ),
        "status",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["measure", "aliases", "source_title"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("measure"), FieldPanel("aliases"), FieldPanel("kind")],
            heading="What is measured",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("qualifier"), FieldPanel("value")]),
                FieldRowPanel([FieldPanel("low"), FieldPanel("high")]),
                FieldRowPanel([FieldPanel("unit"), FieldPanel("currency")]),
                FieldRowPanel([FieldPanel("as_of"), FieldPanel("as_of_precision")]),
            ],
            heading="The figure",
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_title"),
                FieldPanel("source_publisher"),
                FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_accessed")]),
                FieldPanel("archive_url"),
            ],
            heading="Source",
        ),
        MultiFieldPanel(
            [
                FieldPanel("check_after"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
                FieldPanel("note"),
            ],
            heading="Keeping it true",
        ),
    ]


register_snippet(FactViewSet)
