from django import template

from plainly.questions.structured_data import as_script

register = template.Library()


@register.filter
def jsonld(document: dict):
    """Render a JSON-LD document as a script element that nothing in it can break out of."""
    return as_script(document)
