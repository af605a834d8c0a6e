from django.contrib.auth.management import create_permissions
from django.db import migrations

FACT_PERMISSIONS = ["add_fact", "change_fact", "delete_fact", "publish_fact"]


def let_editors_keep_facts(apps, schema_editor):
    """Editors write the pages that show facts: keeping the figures true is theirs to do."""
    app_config = apps.get_app_config("facts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    # Wagtail adds the publish permission of snippets with drafts after every migration has run.
    fact_type, _ = ContentType.objects.get_or_create(app_label="facts", model="fact")
    Permission.objects.get_or_create(
        content_type=fact_type, codename="publish_fact", defaults={"name": "Can publish fact"}
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="facts", codename__in=FACT_PERMISSIONS)
    )


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="facts", codename__in=FACT_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("facts", "0001_facts"),
        ("accounts", "0004_editors_manage_redirects"),
    ]

    operations = [migrations.RunPython(let_editors_keep_facts, take_it_back)]
