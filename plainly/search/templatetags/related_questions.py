"""The question page's "Related questions" region, drawn by the search app, which ranks them."""

from django import template

from plainly.search.similar import related_questions as ranked

register = template.Library()


@register.inclusion_tag("search/includes/related_questions.html")
def related_questions(page) -> dict:
    """Up to five questions a reader of ``page`` may ask next."""
    return {"related_questions": ranked(page)}
