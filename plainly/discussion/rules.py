"""The discussion's rules: the site's settings for a request, and how strict a page's are."""

from wagtail.models import Site

from plainly.discussion.models import DiscussionSettings, Mode
from plainly.pagecache import kept


def rules_for(request) -> DiscussionSettings:
    """The discussion's site-wide settings for this request's site, kept in each process until
    the next purge (saving them purges every page)."""
    site = Site.find_for_request(request)
    return kept(("discussion rules", site.pk if site else None),
                lambda: DiscussionSettings.for_request(request))  # fmt: skip


def effective_mode(page, rules: DiscussionSettings) -> str:
    """The stricter of the site's and the page's setting."""
    modes = {rules.mode, page.discussion_mode}
    if Mode.CLOSED in modes:
        return Mode.CLOSED
    return Mode.HOLD if Mode.HOLD in modes else Mode.OPEN
