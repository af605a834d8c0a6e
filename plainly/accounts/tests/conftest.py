import pytest

from plainly.accounts.tests.factories import make_member


@pytest.fixture
def alice():
    """A member with a verified address, signed out."""
    return make_member("Alice")
