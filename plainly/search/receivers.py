from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from plainly.questions.models import QuestionPage
from plainly.search.similar import forget_related


@receiver(page_published, sender=QuestionPage)
@receiver(page_unpublished, sender=QuestionPage)
@receiver(post_delete, sender=QuestionPage)
@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)  # a page made private leaves the lists
@receiver(post_delete, sender=PageViewRestriction)
def refresh_related_questions(**kwargs):
    forget_related()
