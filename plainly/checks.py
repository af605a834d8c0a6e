"""System checks for mistakes in a deployment that Django cannot see on its own."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def site_address_matches_base_url(app_configs=None, **kwargs) -> list[Warning]:
    """Canonical links and the sitemap use Wagtail's site address; it should be PLAINLY_BASE_URL."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # Not migrated yet: nothing to compare.
        return []
    if site is None or site.root_url == settings.BASE_URL:
        return []
    return [
        Warning(
            f"The default site's address is {site.root_url} but PLAINLY_BASE_URL is "
            f"{settings.BASE_URL}; canonical links and the sitemap use the site's address.",
            hint="Change the site under Settings → Sites in the admin, or PLAINLY_BASE_URL.",
            obj=site,
            id="plainly.W001",
        )
    ]
