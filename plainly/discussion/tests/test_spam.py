"""The discussion's rate limits count in fixed windows that end when the clock says so."""

import datetime

import pytest
from freezegun import freeze_time

from plainly.discussion.spam import RATE_LIMITS, RateLimited, check_flag_rate

pytestmark = pytest.mark.django_db

# Half a minute into an hour, as counted since the epoch: the flag limit's window.
START = datetime.datetime(2026, 12, 5, 9, 0, 30, tzinfo=datetime.UTC)
ALLOWED, HOUR = RATE_LIMITS["flag"][0]


def flag_until_refused() -> None:
    for _ in range(ALLOWED):
        check_flag_rate("ip:attacker")
    with pytest.raises(RateLimited):
        check_flag_rate("ip:attacker")


def test_an_hourly_limit_holds_for_the_rest_of_its_hour():
    with freeze_time(START):
        flag_until_refused()

    # Well past the five minutes the file cache once gave every count it raised.
    with freeze_time(START + datetime.timedelta(minutes=6)), pytest.raises(RateLimited):
        check_flag_rate("ip:attacker")
    with freeze_time(START + datetime.timedelta(minutes=59)), pytest.raises(RateLimited):
        check_flag_rate("ip:attacker")


def test_refused_tries_do_not_push_the_end_of_the_window_out():
    with freeze_time(START):
        flag_until_refused()
    for minutes in range(10, 60, 10):
        with freeze_time(START + datetime.timedelta(minutes=minutes)), pytest.raises(RateLimited):
            check_flag_rate("ip:attacker")

    with freeze_time(START + datetime.timedelta(seconds=HOUR)):
        check_flag_rate("ip:attacker")  # a new hour: counted afresh


def test_each_reader_has_a_window_of_their_own():
    with freeze_time(START):
        flag_until_refused()
        check_flag_rate("ip:someone-else")
