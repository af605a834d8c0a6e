"""Mail queued or given up on before the mail task moved to ``plainly.backends.mail`` is still
delivered (and resent) after the upgrade: the queue names a task by its import path."""

from django.db import migrations

OLD, NEW = "plainly.mail.deliver", "plainly.backends.mail.deliver"


def rename(old: str, new: str):
    def forwards(apps, schema_editor):
        apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
            task_path=old
        ).update(task_path=new)

    return forwards


class Migration(migrations.Migration):
    dependencies = [
        (
            "django_tasks_database",
            "0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more",
        )
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
