from django import template
from wagtail.models import Site

from plainly.pagecache import kept
from plainly.questions.models import footer_links
from plainly.questions.structured_data import as_script

register = template.Library()


@register.filter
def jsonld(document: dict):
    """Render a JSON-LD document as a script element that nothing in it can break out of."""
    return as_script(document)


@register.simple_tag(takes_context=True)
def site_footer_links(context) -> list[tuple[str, str]]:
    """The footer's links for the request's site, read once per process until the next purge
    (changing the footer, or publishing, unpublishing or moving a linked page, purges)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return kept(("footer links", site.pk if site else None), lambda: footer_links(site))
