"""Administrators look after staff accounts in the admin."""

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from wagtail.models import ModelLogEntry

from plainly.accounts.tests.factories import PASSWORD, make_staff
from plainly.accounts.two_factor import has_two_factor

pytestmark = pytest.mark.django_db


def reset_url(user) -> str:
    return f"/admin/users/{user.pk}/reset-two-factor/"


def test_an_administrator_resets_a_lost_authenticator_and_history_records_it(client):
    ada = make_staff("Ada", superuser=True)
    erin = make_staff("Erin", group="Editors")
    client.force_login(ada)
    listing = BeautifulSoup(client.get("/admin/users/").content, "html.parser")
    assert listing.find("a", href=reset_url(erin))  # offered in the list of users

    confirm = client.get(reset_url(erin))
    done = client.post(reset_url(erin))

    assert "lost their authenticator" in confirm.content.decode()
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=erin).exists()
    entry = ModelLogEntry.objects.get(action="plainly.reset_two_factor")
    assert (entry.object_id, entry.user) == (str(erin.pk), ada)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Reset two-step sign-in" in history
    # Erin signs in with her password alone, and is sent to set up a new authenticator.
    client.logout()
    client.post("/accounts/login/", {"login": "erin@example.org", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_only_administrators_may_reset_anyones_authenticator(client, role):
    erin = make_staff("Erin", group="Editors")
    client.force_login(make_staff("Sam", group=role))

    # Sent back to the admin's dashboard, told they may not, as anywhere else in the admin.
    assert client.get(reset_url(erin))["Location"] == "/admin/"
    assert client.post(reset_url(erin))["Location"] == "/admin/"
    assert has_two_factor(erin)
