"""Pages leave the page cache when the site-wide settings they show change."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from plainly import pagecache
from plainly.questions.models import SharingSettings


@receiver(post_save, sender=SharingSettings)
def share_the_new_default_image(sender, **kwargs):
    # Questions without an image of their own name the site's in their head.
    pagecache.purge_all_pages_after_commit()
