import pytest

from plainly.questions.tests.factories import make_topic


@pytest.fixture
def topic():
    return make_topic(title="Korea")
