import pytest

from plainly.questions.tests.factories import make_question, make_topic


@pytest.fixture
def question():
    """A published question, for pages to cache and purge."""
    return make_question(make_topic(title="Korea"), title="Is the Korean War over?")
