"""Pages leave the page cache the moment what they show changes."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from plainly.pagecache import purging


@receiver(page_published)
def show_the_new_revision(sender, instance, **kwargs):
    # Readers keep getting the previous copies while the new ones render.
    purging.refresh_after_commit(purging.paths_showing(instance))


@receiver(page_unpublished)
def withdraw_the_page(sender, instance, **kwargs):
    purging.purge_after_commit(purging.paths_showing(instance))


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    shown = purging.paths_under(url_path_before)
    old_parent = Page.objects.filter(url_path=url_path_before.rstrip("/").rsplit("/", 1)[0] + "/")
    for parent in old_parent:
        shown.update(purging.paths_showing(parent))
    shown.update(purging.paths_showing(instance))
    purging.purge_after_commit(shown)


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    # Django sends this for every model of a page's inheritance chain; the base one is enough.
    # (Listening for every model would also keep Django from deleting any rows without
    # reading them first.)
    if instance.live:
        purging.purge_after_commit(purging.paths_showing(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    # Who may read the page and everything under it changed: no copy made for everyone may
    # stay anywhere (its questions, lists, search results), so every cached page goes stale.
    purging.purge_after_commit(purging.paths_showing(instance.page))
    purging.purge_all_pages_after_commit()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, **kwargs):
    # A site's name, address or home page shows on every page (and each process keeps the site
    # until the next purge, pagecache.kept_rows).
    purging.purge_all_pages_after_commit()
