"""Facts in Draftail: how a stored fact becomes an editor's entity and back again.

Kept apart from ``rich_text``: the converters need Wagtail's admin, which pages never load.
"""

from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler

from plainly.facts.rich_text import ENTITY_TYPE, LINK_TYPE


class FactElementHandler(LinkElementHandler):
    """The editor's side: a stored fact becomes a Draftail entity holding its id."""

    mutability = "IMMUTABLE"  # its text is the figure, not the editor's to change

    def get_attribute_data(self, attrs):
        try:
            return {"id": int(attrs["id"])}
        except (KeyError, ValueError):
            return {}


def fact_entity(props) -> DOM:
    return DOM.create_element(
        "a", {"linktype": LINK_TYPE, "id": props.get("id")}, props["children"]
    )


CONTENTSTATE_RULE = {
    "from_database_format": {f'a[linktype="{LINK_TYPE}"]': FactElementHandler(ENTITY_TYPE)},
    "to_database_format": {"entity_decorators": {ENTITY_TYPE: fact_entity}},
}
