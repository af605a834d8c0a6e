"""{% fixed_url %}: the frame's links, worked out once, still follow where the site is served."""

from django.urls import clear_script_prefix, set_script_prefix

from plainly.templatetags.fixed_urls import fixed_url


def test_an_address_follows_the_prefix_the_site_is_served_under():
    try:
        assert fixed_url("search") == "/search/"
        set_script_prefix("/answers/")
        assert fixed_url("search") == "/answers/search/"
        assert fixed_url("account_login") == "/answers/accounts/login/"
    finally:
        clear_script_prefix()
    assert fixed_url("search") == "/search/"
