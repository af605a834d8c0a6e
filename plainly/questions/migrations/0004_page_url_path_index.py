"""An index on Wagtail's page paths, which Plainly's routing looks pages up by."""

from django.db import migrations

# Wagtail leaves url_path unindexed: it walks the tree by slug. Plainly finds a topic or question
# by its whole path in one query (HomePage.route), which needs this index on a large site.
CREATE = "CREATE INDEX IF NOT EXISTS plainly_page_url_path ON wagtailcore_page (url_path)"
DROP = "DROP INDEX IF EXISTS plainly_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0003_questionpage_discussion_mode"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
