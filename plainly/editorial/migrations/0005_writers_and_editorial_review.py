from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW = "Editorial review"
TASK = "Review by Editors"
# Writers draft pages and submit them; they never publish, unpublish or delete a live page.
WRITER_PAGE_PERMISSIONS = ["add_page", "change_page"]
# They choose images and documents from the library; they upload none, because Wagtail lets
# whoever uploaded a file replace or delete it later, even where a live page shows it.
WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]
# Drafts of facts: publishing one changes every page showing it, which is an editor's to do.
WRITER_FACT_PERMISSIONS = ["add_fact", "change_fact"]


def set_up_review(apps, schema_editor):
    """Writers, and one workflow on every page: Editors review what is submitted."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    TaskState = apps.get_model("wagtailcore.TaskState")
    Task = apps.get_model("wagtailcore.Task")
    EditorialReviewTask = apps.get_model("editorial.EditorialReviewTask")

    writers, _ = Group.objects.get_or_create(name="Writers")
    editors, _ = Group.objects.get_or_create(name="Editors")
    writers.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="facts", codename__in=WRITER_FACT_PERMISSIONS
        ),
    )
    root = Page.objects.get(depth=1)
    for codename in WRITER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=writers, page=root, permission=permission)
    collection = Collection.objects.filter(depth=1).first()
    for app_label, codename in WRITER_COLLECTION_PERMISSIONS if collection else ():
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=writers, collection=collection, permission=permission
        )

    # Wagtail's default workflow lets a submitter approve their own page: it gives way, and
    # what waits for review under it goes back to its writer to submit again.
    Workflow.objects.exclude(name=WORKFLOW).update(active=False)
    WorkflowPage.objects.all().delete()
    WorkflowState.objects.exclude(workflow__name=WORKFLOW).filter(status="in_progress").update(
        status="cancelled"
    )
    TaskState.objects.exclude(workflow_state__workflow__name=WORKFLOW).filter(
        status="in_progress"
    ).update(status="cancelled")
    Task.objects.exclude(name=TASK).update(active=False)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="editorial", model="editorialreviewtask"
    )
    task = EditorialReviewTask.objects.filter(name=TASK).first()
    if task is None:
        task = EditorialReviewTask.objects.create(name=TASK, content_type=task_type)
    task.groups.add(editors)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(workflow=workflow, page=root)


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    Page = apps.get_model("wagtailcore.Page")
    Group.objects.filter(name="Writers").delete()
    WorkflowPage.objects.filter(workflow__name=WORKFLOW).delete()
    Workflow.objects.filter(name=WORKFLOW).delete()
    earlier = Workflow.objects.order_by("pk").first()
    if earlier is not None:
        earlier.active = True
        earlier.save(update_fields=["active"])
        Task = apps.get_model("wagtailcore.Task")
        Task.objects.filter(workflow_tasks__workflow=earlier).update(active=True)
        WorkflowPage.objects.create(workflow=earlier, page=Page.objects.get(depth=1))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_editorial_review"),
        ("accounts", "0004_editors_manage_redirects"),
        ("facts", "0002_editors_keep_facts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(set_up_review, take_it_back)]
