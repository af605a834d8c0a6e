"""Every key fact, FAQ item and source gets its place in the list, in the live rows and in the
pages' revisions.

Rows made without a sort order (the demo's were) lost their place when an editor changed one of
them: only the changed row was numbered, and the database put the unnumbered ones before it (or
after it, on PostgreSQL). Numbered now as readers see them.
"""

from django.db import migrations

CHILDREN = {"KeyFact": "key_facts", "FAQItem": "faq_items", "Source": "sources"}


def number_rows(apps, schema_editor):
    for model_name in CHILDREN:
        model = apps.get_model("questions", model_name)
        unnumbered = model.objects.filter(sort_order__isnull=True)
        for page_id in unnumbered.values_list("page_id", flat=True).distinct():
            # In the order the page shows them now: the database's own place for a missing number.
            rows = model.objects.filter(page_id=page_id).order_by("sort_order", "pk")
            for number, row in enumerate(rows):
                if row.sort_order != number:
                    row.sort_order = number
                    row.save(update_fields=["sort_order"])
    # Editors edit a page's latest revision, and publishing writes its rows back: revisions are
    # numbered too, in the order the editor's form lists them.
    revision = apps.get_model("wagtailcore", "Revision")
    content_type = apps.get_model("contenttypes", "ContentType")
    question = content_type.objects.filter(app_label="questions", model="questionpage").first()
    if question is None:
        return
    for each in revision.objects.filter(content_type=question).iterator():
        changed = False
        for key in CHILDREN.values():
            items = each.content.get(key) or []
            if any(item.get("sort_order") is None for item in items):
                for number, item in enumerate(items):
                    item["sort_order"] = number
                changed = True
        if changed:
            each.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_page_url_path_index"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(number_rows, migrations.RunPython.noop)]
