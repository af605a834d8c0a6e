"""An index of the pages that are not live, which a search leaves out by name."""

from django.db import migrations

# A search on SQLite ranks in the full-text index alone and leaves out the entries of pages that
# are not live: this index lists those (few) pages without reading the whole page table.
CREATE = "CREATE INDEX IF NOT EXISTS plainly_page_not_live ON wagtailcore_page (id) WHERE NOT live"
DROP = "DROP INDEX IF EXISTS plainly_page_not_live"


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0017_number_imported_rows"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
