"""A question's short answer becomes rich text, so that it can hold facts.

Short answers written as plain text become the paragraph the page showed, stored as the page
editor stores it, in the pages and in their revisions (as 0012 did for FAQ answers).
"""

from importlib import import_module

import wagtail.fields
from django.db import migrations

# The conversion 0012 made of FAQ answers, both ways.
_faq = import_module("plainly.questions.migrations.0012_faq_answers_hold_facts")
AsRichText, as_plain_text = _faq.AsRichText, _faq.as_plain_text


def convert(apps, change) -> None:
    QuestionPage = apps.get_model("questions", "QuestionPage")
    for page in QuestionPage.objects.only("short_answer").iterator():
        short_answer = change(page.short_answer)
        if short_answer != page.short_answer:
            QuestionPage.objects.filter(pk=page.pk).update(short_answer=short_answer)
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    question = ContentType.objects.filter(app_label="questions", model="questionpage").first()
    if question is None:
        return
    for revision in Revision.objects.filter(content_type=question).only("content").iterator():
        short_answer = revision.content.get("short_answer")
        if isinstance(short_answer, str) and change(short_answer) != short_answer:
            revision.content["short_answer"] = change(short_answer)
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)


class Migration(migrations.Migration):
    dependencies = [("questions", "0012_faq_answers_hold_facts")]

    operations = [
        migrations.AlterField(
            model_name="questionpage",
            name="short_answer",
            field=wagtail.fields.RichTextField(
                help_text=(
                    "One to three sentences that answer the question outright. A figure from "
                    "Facts is shown as it is now."
                ),
                max_length=600,
            ),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: convert(apps, AsRichText()),
            lambda apps, schema_editor: convert(apps, as_plain_text),
        ),
    ]
