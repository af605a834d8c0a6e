from django import template
from django.utils.safestring import SafeString
from wagtail.rich_text import RichText

from plainly.facts.models import shown_by_id
from plainly.facts.rich_text import fact_ids_in, rendered_with_figures

register = template.Library()


@register.simple_tag(takes_context=True)
def rich_text_with_figures(context, value) -> SafeString:
    """Rich text as ``|richtext`` renders it, each fact in it with its figure as it is now.

    The page puts every fact it shows in ``shown_facts``, read at once; without it (a block
    rendered alone), this text's facts are read here."""
    html = value.source if isinstance(value, RichText) else str(value or "")
    shown = context.get("shown_facts")
    if shown is None:
        shown = shown_by_id(fact_ids_in(html))
    return rendered_with_figures(html, shown)
