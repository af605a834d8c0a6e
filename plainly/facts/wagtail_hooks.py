"""Facts in the admin: a snippet with drafts, revisions and history, searchable by what it
measures."""

import wagtail.admin.rich_text.editors.draftail.features as draftail_features
from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from plainly.facts.editor import CONTENTSTATE_RULE
from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact
from plainly.facts.rich_text import ENTITY_TYPE, LINK_TYPE, FactLinkHandler


class FactCreateView(CreateView):
    """A new fact's form, filled in from the query string: the fact checks offer to turn a
    figure found in a page's words into a fact this way."""

    PREFILLED = ("measure", "kind", "qualifier", "value", "unit", "currency", "note")

    def get_initial(self):
        initial = super().get_initial()
        for name in self.PREFILLED:
            if value := self.request.GET.get(name, "")[:500]:
                initial[name] = value
        return initial


class FactViewSet(SnippetViewSet):
    model = Fact
    add_view_class = FactCreateView
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
                FieldRowPanel([FieldPanel("check_after"), FieldPanel("stale_after_months")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
                FieldPanel("note"),
            ],
            heading="Keeping it true",
        ),
    ]


register_snippet(FactViewSet)


@hooks.register("before_delete_snippet")
def keep_facts_in_use(request, instances):
    """A fact that anything shows (Wagtail's reference index knows what) is not deleted: the
    pages would lose their figure. It is superseded instead, which moves them to its successor."""
    in_use = [
        instance
        for instance in instances
        if isinstance(instance, Fact) and ReferenceIndex.get_references_to(instance).exists()
    ]
    if not in_use:
        return None
    names = ", ".join(f"“{fact.measure}”" for fact in in_use)
    messages.error(
        request,
        f"{names} cannot be deleted while pages show it. Mark it superseded by a newer fact "
        "instead: the pages will show that one.",
    )
    viewset = Fact.snippet_viewset
    if len(in_use) == 1:  # where the pages showing it are listed
        return redirect(viewset.get_url_name("usage"), in_use[0].pk)
    return redirect(viewset.get_url_name("list"))


@hooks.register("register_rich_text_features")
def register_fact_feature(features):
    """“fact” in a rich text field's features lets its editor put a fact's figure in the text."""
    features.register_link_type(FactLinkHandler)
    features.register_editor_plugin(
        "draftail",
        LINK_TYPE,
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "table",
                "description": "Fact: a sourced, dated figure",
                "chooserUrls": {
                    "factChooser": reverse_lazy("wagtailsnippetchoosers_facts_fact:choose"),
                    "factFigure": reverse_lazy("plainly_fact_figure", args=[0]),
                },
            },
            js=["wagtailadmin/js/chooser-modal.js", "facts/draftail-fact.js"],
            css={"all": ["facts/draftail-fact.css"]},
        ),
    )
    features.register_converter_rule("contentstate", LINK_TYPE, CONTENTSTATE_RULE)


def figure_of(request: HttpRequest, pk: int) -> JsonResponse:
    """The figure the editor's text shows for a fact just picked, as pages write it."""
    fact = get_object_or_404(Fact, pk=pk)
    return JsonResponse({"id": fact.pk, "text": format_fact(fact)})


@hooks.register("register_admin_urls")
def fact_urls():
    # Under /admin/: only people who may open the admin can ask.
    return [path("facts/figure/<int:pk>/", figure_of, name="plainly_fact_figure")]
