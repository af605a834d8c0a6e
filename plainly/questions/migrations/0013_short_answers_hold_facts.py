"""A question's short answer becomes rich text, so that it can hold facts.

Short answers written as plain text become the paragraph the page showed, stored as the page
editor stores it, in the pages and in their revisions (as 0012 did for FAQ answers).
"""

from importlib import import_module

import wagtail.fields
from django.db import migrations

# The conversion 0012 made of FAQ answers, both ways, and its walk over rows and revisions.
_faq = import_module("plainly.questions.migrations.0012_faq_answers_hold_facts")
AsRichText, as_plain_text = _faq.AsRichText, _faq.as_plain_text


def convert(apps, change) -> None:
    _faq.convert_rows(apps.get_model("questions", "QuestionPage"), "short_answer", change)

    def change_short_answer(content: dict) -> bool:
        short_answer = content.get("short_answer")
        if not isinstance(short_answer, str) or change(short_answer) == short_answer:
            return False
        content["short_answer"] = change(short_answer)
        return True

    _faq.convert_revisions(apps, change_short_answer)


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
