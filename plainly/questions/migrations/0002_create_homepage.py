from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

HOME_TITLE = "Plain answers to the questions people ask"


def create_homepage(apps, schema_editor):
    """Swap Wagtail's placeholder welcome page for a Plainly home page, and point the site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("questions.HomePage")

    # Only a fresh install still has the placeholder as the single page under the root.
    placeholder = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
    if placeholder is None or Page.objects.filter(depth=2).count() != 1:
        return
    if Page.objects.filter(path__startswith=placeholder.path, depth__gt=2).exists():
        return
    path = placeholder.path
    placeholder.delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="questions")
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Page.objects.get(depth=1).locale_id,
        intro="Short, sourced answers first, with the detail and the figures after.",
    )
    # Canonical links and the sitemap are built from the site's address: start from PLAINLY_BASE_URL.
    base_url = urlsplit(settings.BASE_URL)
    default_port = 443 if base_url.scheme == "https" else 80
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": base_url.hostname,
            "port": base_url.port or default_port,
            "root_page": home,
            "site_name": "Plainly",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
