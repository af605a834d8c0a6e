"""An FAQ answer becomes rich text, so that it can hold facts.

Answers written as plain text (a blank line between paragraphs) become the paragraphs the page
showed, stored as the page editor stores them (each with its key), in the rows and in the pages'
revisions: a draft opens as it was written, and History compares the same answer as unchanged.
"""

import re

import wagtail.fields
from django.db import migrations
from django.utils.html import linebreaks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import get_text_for_indexing

RICH_TEXT = re.compile(r"\s*<(p|h\d|ul|ol|blockquote)[\s>]")
# The answer's features when this was written, less "fact" (plain text holds none), copied rather
# than imported: a migration must do tomorrow what it did today.
FEATURES = ["bold", "italic", "link"]


class AsRichText:
    def __init__(self):
        self.converter = ContentstateConverter(FEATURES)
        self.converted: dict[str, str] = {}

    def __call__(self, answer: str) -> str:
        if RICH_TEXT.match(answer):
            return answer
        if answer not in self.converted:
            html = linebreaks(answer.strip(), autoescape=True)
            contentstate = self.converter.from_database_format(html)
            self.converted[answer] = self.converter.to_database_format(contentstate)
        return self.converted[answer]


def as_plain_text(answer: str) -> str:
    paragraphs = re.split(r"</p>\s*", answer)
    return "\n\n".join(text for part in paragraphs if (text := get_text_for_indexing(part)))


def convert_rows(model, field: str, change) -> None:
    """``change`` each row's ``field`` in place, writing only the rows it changes."""
    for row in model.objects.only(field).iterator():
        value = change(getattr(row, field))
        if value != getattr(row, field):
            model.objects.filter(pk=row.pk).update(**{field: value})


def convert_revisions(apps, change_content) -> None:
    """Call ``change_content`` on each question revision's content, which it changes in place and
    says whether it did; the revisions it changed are written."""
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    question = ContentType.objects.filter(app_label="questions", model="questionpage").first()
    if question is None:
        return
    for revision in Revision.objects.filter(content_type=question).only("content").iterator():
        if change_content(revision.content):
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


def convert(apps, change) -> None:
    convert_rows(apps.get_model("questions", "FAQItem"), "answer", change)

    def change_answers(content: dict) -> bool:
        changed = False
        for item in content.get("faq_items") or []:
            if isinstance(item.get("answer"), str) and change(item["answer"]) != item["answer"]:
                item["answer"], changed = change(item["answer"]), True
        return changed

    convert_revisions(apps, change_answers)


class Migration(migrations.Migration):
    dependencies = [("questions", "0011_paragraphs_hold_facts")]

    operations = [
        migrations.AlterField(
            model_name="faqitem",
            name="answer",
            field=wagtail.fields.RichTextField(
                help_text="A few short paragraphs. A figure from Facts is shown as it is now.",
                max_length=3000,
            ),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: convert(apps, AsRichText()),
            lambda apps, schema_editor: convert(apps, as_plain_text),
        ),
    ]
