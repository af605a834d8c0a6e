from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from plainly import pagecache
from plainly.questions.models import QuestionPage
from plainly.search.similar import forget_related, pages_showing


@receiver(page_published, sender=QuestionPage)
@receiver(page_unpublished, sender=QuestionPage)
@receiver(post_delete, sender=QuestionPage)
@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)  # a page made private leaves the lists
@receiver(post_delete, sender=PageViewRestriction)
def refresh_related_questions(**kwargs):
    forget_related()


@receiver(page_unpublished, sender=QuestionPage)
@receiver(pre_delete, sender=QuestionPage)
def purge_pages_linking_to_it(sender, instance, **kwargs):
    """A question taken down leaves the related questions of the pages that listed it."""
    if kwargs.get("signal") is pre_delete and not instance.live:
        return  # a draft was listed nowhere
    shown = {}
    for page in pages_showing(instance):
        shown.update(pagecache.own_path(page))
    pagecache.purge_after_commit(shown)
