from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = ["view_comment", "change_comment", "view_ban", "add_ban", "delete_ban"]
EDITOR_PERMISSIONS = ["change_discussionsettings"]


def grant(apps, schema_editor):
    """Moderators decide about comments and bans; editors set the site's discussion rules."""
    app_config = apps.get_app_config("discussion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, codenames in [
        ("Moderators", MODERATOR_PERMISSIONS),
        ("Editors", EDITOR_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="discussion", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("accounts", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
