"""Pages leave the page cache when the site-wide settings they show change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from plainly import pagecache
from plainly.accounts.signals import member_leaving, member_renamed
from plainly.facts.models import Fact
from plainly.questions.figures import pages_showing
from plainly.questions.models import FooterLink, FooterSettings, QuestionPage, SharingSettings


@receiver(post_save, sender=SharingSettings)
def share_the_new_default_image(sender, **kwargs):
    # Questions without an image of their own name the site's in their head.
    pagecache.purge_all_pages_after_commit()


@receiver(post_save, sender=FooterSettings)
@receiver(post_save, sender=FooterLink)
@receiver(post_delete, sender=FooterLink)  # also when its page is deleted
def footer_changed(sender, **kwargs):
    pagecache.purge_all_pages_after_commit()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def footer_page_changed(sender, instance, **kwargs):
    # Its title or address shows in every footer that links to it, or it leaves them.
    if FooterLink.objects.filter(page_id=instance.pk).exists():
        pagecache.purge_all_pages_after_commit()


@receiver(published, sender=Fact)
@receiver(unpublished, sender=Fact)
def fact_changed(sender, instance, signal, **kwargs):
    # One edit updates every page: each page showing the fact, or one it stands in for, is
    # rendered afresh. A new figure may be shown late by a moment; a withdrawn one never is.
    shown = {}
    for page in pages_showing(instance):
        shown.update(pagecache.own_path(page))
    if signal is published:
        pagecache.refresh_after_commit(shown)
    else:
        pagecache.purge_after_commit(shown)


@receiver(member_renamed)
@receiver(member_leaving)
def forget_the_reviewer_s_old_name(sender, user, **kwargs):
    # The byline names who last reviewed the page: the old name, or a member about to leave,
    # is never shown again (their comments are the discussion's to purge).
    shown = {}
    for page in QuestionPage.objects.filter(reviewed_by=user):
        shown.update(pagecache.own_path(page))
    pagecache.purge_after_commit(shown)
