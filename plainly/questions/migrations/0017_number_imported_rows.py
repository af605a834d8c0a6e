"""Key facts, FAQ items and sources brought in by the importer before it numbered them get
their place in the list, as migration 0005 gave the demo's: in the live rows and in revisions.
"""

from importlib import import_module

from django.db import migrations

number_rows = import_module(
    "plainly.questions.migrations.0005_number_key_facts_faq_and_sources"
).number_rows


class Migration(migrations.Migration):
    dependencies = [("questions", "0016_question_tags")]

    operations = [migrations.RunPython(number_rows, migrations.RunPython.noop)]
