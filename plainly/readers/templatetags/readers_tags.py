from django import template

from plainly.readers.insights import most_read_this_week

register = template.Library()


@register.inclusion_tag("readers/most_read.html")
def most_read(page, heading_id: str = "most-read-heading"):
    """The questions under ``page`` (a home or topic page) read most this week: nothing until
    some are."""
    return {"questions": most_read_this_week(page), "heading_id": heading_id}
