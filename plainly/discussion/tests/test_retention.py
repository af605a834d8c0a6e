"""The worker forgets what the privacy page says goes: old address hashes and ended sessions."""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from plainly.accounts.tests.factories import make_member
from plainly.discussion import moderation
from plainly.discussion.models import Comment, Flag
from plainly.discussion.tests.factories import make_comment

pytestmark = pytest.mark.django_db

DAYS_KEPT = 90


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_address_hashes_go_after_ninety_days_and_the_comments_stay(question):
    old = make_comment(question, body="Said long ago.", ip_hash="old-hash")
    new = make_comment(question, body="Said lately.", ip_hash="new-hash")
    Comment.objects.filter(pk=old.pk).update(created_at=days_ago(DAYS_KEPT + 1))
    Comment.objects.filter(pk=new.pk).update(created_at=days_ago(DAYS_KEPT - 1))

    call_command("worker", once=True)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_hash, old.body) == ("", "Said long ago.")
    assert (new.ip_hash, new.body) == ("new-hash", "Said lately.")


def test_old_flags_forget_the_address_they_came_from_and_stay_one_per_reader(question):
    comment = make_comment(question)
    for address in ("one", "two"):
        moderation.flag(comment, reader=f"ip:{address}", ip_hash=address)
    moderation.flag(comment, reader="member:7", ip_hash="three")
    Flag.objects.update(created_at=days_ago(DAYS_KEPT + 1))
    moderation.flag(comment, reader="ip:four", ip_hash="four")  # today's

    call_command("worker", once=True)

    kept = Flag.objects.order_by("pk").values_list("reader", "ip_hash")
    readers = [reader for reader, _ in kept]
    assert [ip_hash for _, ip_hash in kept] == ["", "", "", "four"]
    assert readers[0].startswith("forgotten:") and readers[1].startswith("forgotten:")
    assert readers[0] != readers[1]
    assert readers[2:] == ["member:7", "ip:four"]
    assert not any("one" in reader or "two" in reader for reader in readers)


def test_ended_sessions_go_with_the_record_of_their_device():
    member = make_member("Mina")
    browser = Client(HTTP_USER_AGENT="Firefox on a phone", REMOTE_ADDR="203.0.113.9")
    browser.force_login(member)
    browser.get("/")  # the sessions list records the device when it is used
    still_signed_in = Client()
    still_signed_in.force_login(member)
    still_signed_in.get("/")
    ended = Session.objects.get(session_key=browser.session.session_key)
    ended.expire_date = days_ago(1)
    ended.save()
    assert UserSession.objects.filter(user=member).count() == 2

    call_command("worker", once=True)

    assert not Session.objects.filter(session_key=ended.session_key).exists()
    [device] = UserSession.objects.filter(user=member)
    assert device.session_key == still_signed_in.session.session_key
