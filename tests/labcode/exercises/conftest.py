"""The checkers' tests share ``rejects``: a checker must fail a planted mistake, saying why."""

import pytest


@pytest.fixture
def rejects():
    """rejects(checker, student, *phrases): the checker raises AssertionError and its message
    contains every phrase; returns the message."""

    def rejects(checker, student, *phrases):
        with pytest.raises(AssertionError) as info:
            checker(student)
        message = str(info.value)
        missing = [p for p in phrases if p not in message]
        assert not missing, f"{checker.__name__}'s message lacks {missing}: {message!r}"
        return message

    return rejects
