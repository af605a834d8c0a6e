import pytest

from plainly.questions.tests.factories import make_question, make_topic


@pytest.fixture
def question():
    """A published question to discuss."""
    return make_question(make_topic(title="Korea"), title="Is the Korean War over?")
