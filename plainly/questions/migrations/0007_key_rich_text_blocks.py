"""The body's paragraphs are stored as the page editor stores them, each block with its key.

Paragraphs written elsewhere (the demo's were) had no keys. The editor adds them at the first
save, so History compared every paragraph as changed, though none was. Each distinct paragraph
is keyed once, and the same keyed text written to the page and to each of its revisions: what
did not change still compares equal.
"""

import json

from django.db import migrations
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

# The body's paragraph features when this was written (blocks.PARAGRAPH_FEATURES), copied rather
# than imported, as is the converter's use below: a migration must do tomorrow what it did today.
FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class Keyer:
    def __init__(self):
        self.converter = ContentstateConverter(FEATURES)
        self.keyed: dict[str, str] = {}

    def paragraph(self, html: str) -> str:
        if "data-block-key" in html:
            return html
        if html not in self.keyed:
            contentstate = self.converter.from_database_format(html)
            self.keyed[html] = self.converter.to_database_format(contentstate)
        return self.keyed[html]

    def blocks(self, blocks: list[dict]) -> bool:
        """Key the paragraphs among ``blocks`` in place; whether any changed."""
        changed = False
        for block in blocks:
            if block.get("type") == "paragraph" and isinstance(block.get("value"), str):
                keyed = self.paragraph(block["value"])
                changed |= keyed != block["value"]
                block["value"] = keyed
        return changed


def key_paragraphs(apps, schema_editor):
    keyer = Keyer()
    question_page = apps.get_model("questions", "QuestionPage")
    for page in question_page.objects.only("body").iterator():
        blocks = list(page.body.raw_data)
        if keyer.blocks(blocks):
            question_page.objects.filter(pk=page.pk).update(body=blocks)

    revision = apps.get_model("wagtailcore", "Revision")
    content_type = apps.get_model("contenttypes", "ContentType")
    question = content_type.objects.filter(app_label="questions", model="questionpage").first()
    if question is None:
        return
    for each in revision.objects.filter(content_type=question).iterator():
        body = each.content.get("body")
        blocks = json.loads(body) if isinstance(body, str) else body
        if blocks and keyer.blocks(blocks):
            each.content["body"] = json.dumps(blocks) if isinstance(body, str) else blocks
            each.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0006_hide_from_search_engines"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(key_paragraphs, migrations.RunPython.noop)]
