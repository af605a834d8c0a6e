"""Purging: which pages show a change, and telling the page cache (and Varnish) to drop them.

Two kinds of change: one that only adds or revises (a comment approved, a revision published)
*refreshes* the pages showing it, whose old copies readers still get for the moment their
successors take to render; one that takes something away (unpublishing, a view restriction, a
comment removed, a name withdrawn) *purges* them, and no old copy is ever served again.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page, Site

from plainly.pagecache import fragments, frontend, store

logger = logging.getLogger(__name__)


def paths_showing(page: Page) -> dict[str, str]:
    """The paths of the pages that show ``page`` (itself, its topic, home, feeds, search, the
    corrections), each with its site's root URL."""
    topic_page = apps.get_model("questions", "TopicPage")
    shown = {}
    for each in [page, *Page.objects.ancestor_of(page).filter(depth__gt=1)]:
        parts = each.specific_deferred.get_url_parts()
        if parts is None:
            continue
        _site_id, root_url, path = parts
        shown[path] = root_url
        if issubclass(each.specific_class, topic_page):
            shown[reverse("feed_topic", kwargs={"slug": each.slug})] = root_url
    if shown:
        root_url = next(iter(shown.values()))
        shown[reverse("feed_latest")] = root_url
        shown[reverse("sitemap")] = root_url
        shown[reverse("corrections")] = root_url
        shown[reverse("search")] = root_url  # the results kept for searches (search.fulltext)
    return shown


def own_path(page: Page) -> dict[str, str]:
    """Just the page's own path: for changes no other page shows, such as its comments."""
    parts = page.get_url_parts()
    return {parts[2]: parts[1]} if parts else {}


def paths_under(url_path: str) -> dict[str, str]:
    """Paths for a tree ``url_path`` (e.g. ``/home/topic/``) on every site whose root holds it."""
    shown = {}
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.url_path
        if url_path.startswith(root):
            shown["/" + url_path[len(root) :]] = site.root_url
    return shown


def purge(shown: dict[str, str], *, withdraw: bool = True, only=None) -> None:
    """Drop these paths from the page cache now, and from Varnish if one is configured. A change
    to only some parts of their pages names them (``only``: the fragments' first words, such as
    "discussion"), and the other parts' durable fragments are kept."""
    if not shown:
        return
    try:
        store.purge_paths(shown, withdraw=withdraw, whole=only is None)
    except Exception:
        logger.exception("Could not purge the page cache")
    try:  # after the markers: a render that stores a fragment later finds them (Fragment.keep)
        fragments.drop_stored(shown, only=only)
    except Exception:
        logger.exception("Could not drop stored fragments")
    # Varnish drops its copies either way: behind it, the page cache serves the old copy while
    # the new one renders, and marks it as kept by nobody.
    frontend.purge(shown)


def refresh(shown: dict[str, str], *, only=None) -> None:
    """These paths show something new: readers get the old copies only until each is rendered
    afresh, in the background, on its next request."""
    purge(shown, withdraw=False, only=only)


def purge_all_pages() -> None:
    """For a site-wide change every page may show (who may read a topic, the site's address,
    the discussion's rules, a restored backup): every page of every site goes stale, in the page
    cache and in the caching proxy."""
    try:
        store.purge_everything()
    except Exception:
        logger.exception("Could not purge the page cache")
    try:
        fragments.drop_stored([store.ALL])
    except Exception:
        logger.exception("Could not drop stored fragments")
    if frontend.configured():
        frontend.ban_everything(site.root_url for site in Site.objects.all())


def purge_after_commit(shown: dict[str, str], *, only=None) -> None:
    """Purge once the change is saved: a page rendered before then is stale, one after is not.
    A purge that fails is logged; it never undoes the change or fails the request."""
    transaction.on_commit(lambda: purge(shown, only=only), robust=True)


def refresh_after_commit(shown: dict[str, str], *, only=None) -> None:
    """``refresh`` once the change is saved, as ``purge_after_commit`` purges."""
    transaction.on_commit(lambda: refresh(shown, only=only), robust=True)


def purge_all_pages_after_commit() -> None:
    """``purge_all_pages`` once the change is saved, as ``purge_after_commit`` purges."""
    transaction.on_commit(purge_all_pages, robust=True)
