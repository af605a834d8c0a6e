"""The staff groups the site is installed with, and what each may do in the admin."""

import pytest
from wagtail.models import Page

from plainly.accounts.staff import is_staff
from plainly.accounts.tests.factories import make_member, make_staff
from plainly.questions.tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db


def test_editors_write_and_publish_questions():
    erin = make_staff("Erin", group="Editors")
    question = make_question(make_topic())
    permissions = question.permissions_for_user(erin)

    assert erin.has_perm("wagtailadmin.access_admin")
    assert permissions.can_edit() and permissions.can_publish()
    assert (
        Page.objects.get(pk=question.get_parent().pk).permissions_for_user(erin).can_add_subpage()
    )


def test_moderators_reach_the_admin_but_not_the_pages():
    mo = make_staff("Mo", group="Moderators")
    question = make_question(make_topic())
    permissions = question.permissions_for_user(mo)

    assert mo.has_perm("wagtailadmin.access_admin")
    assert not permissions.can_edit()
    assert not permissions.can_publish()
    assert not mo.has_perm("wagtailimages.add_image")


def test_members_are_not_staff_and_staff_are():
    assert not is_staff(make_member("Alice"))
    assert is_staff(make_staff("Erin", group="Editors"))
    assert is_staff(make_staff("Mo", group="Moderators"))
    assert is_staff(make_staff("Ada", superuser=True))


def test_an_editor_opens_the_admin_and_a_member_does_not(client):
    client.force_login(make_staff("Erin", group="Editors"))
    assert client.get("/admin/pages/").status_code == 200

    client.force_login(make_member("Alice"))
    assert client.get("/admin/pages/").status_code == 302


def test_the_admin_names_staff_by_display_name_not_username(client):
    erin = make_staff("Erin", group="Editors")
    erin.display_name = "Erin Okafor"
    erin.save()
    client.force_login(erin)

    assert "Erin Okafor" in client.get("/admin/").content.decode()
    admin = make_staff("Ada", superuser=True)
    admin.display_name = "Ada Admin"
    admin.save()
    client.force_login(admin)
    staff_list = client.get("/admin/users/").content.decode()
    assert "Erin Okafor" in staff_list
    assert "Ada Admin" in staff_list
