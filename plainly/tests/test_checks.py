import pytest
from wagtail.models import Site

from plainly.checks import site_address_matches_base_url

pytestmark = pytest.mark.django_db


def test_a_fresh_install_takes_its_site_address_from_base_url(settings):
    assert Site.objects.get(is_default_site=True).root_url == settings.BASE_URL
    assert site_address_matches_base_url() == []


def test_a_site_address_that_differs_from_base_url_is_reported(settings):
    settings.BASE_URL = "https://answers.example.org"

    warnings = site_address_matches_base_url()

    assert [warning.id for warning in warnings] == ["plainly.W001"]
    assert "https://answers.example.org" in warnings[0].msg
