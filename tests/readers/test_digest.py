"""The daily digest: at a set hour of the site's time zone, each reader who chose it gets the
stories of the day before that match their subscriptions, each once, in one email; then the
digest queues itself for the next day."""

import datetime
import zoneinfo

import pytest

from readers.tasks import ensure_digest_scheduled
from tests.factories import ReaderFactory, SectionFactory, SubscriptionFactory
from tests.readers.conftest import mail_to
from tests.tasks import queued_tasks, run_queued_tasks

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


def at(day, hour, minute=0):
    return datetime.datetime(2031, 1, day, hour, minute, tzinfo=MEXICO_CITY)


@pytest.fixture
def clock(settings, time_machine):
    settings.TIME_ZONE = "America/Mexico_City"
    settings.NEWSROOM_DIGEST_HOUR = 7

    def move(moment):
        time_machine.move_to(moment, tick=False)

    move(at(12, 8))
    return move


@pytest.fixture
def daily_reader(clock):
    reader = ReaderFactory(delivery="daily", email="lucia@example.com")
    SubscriptionFactory(reader=reader)
    SubscriptionFactory(reader=reader, kind="section", section=SectionFactory())
    ensure_digest_scheduled()
    return reader


def test_the_digest_waits_for_its_hour_and_holds_each_story_once(
    clock, daily_reader, publish, mailoutbox
):
    clock(at(12, 10))
    first = publish(headline="Officers recognised in Morelia")
    clock(at(12, 15))
    second = publish(headline="A new training programme opens")
    clock(at(13, 6, 59))
    run_queued_tasks()
    assert mailoutbox == []

    clock(at(13, 7, 0))
    run_queued_tasks()

    (email,) = mail_to(mailoutbox, daily_reader.email)
    assert email.subject == "Newsroom: 2 new stories"
    for story in (first, second):
        assert email.body.count(story.headline) == 1
        assert story.get_absolute_url() in email.body


def test_the_digest_queues_itself_for_the_next_day(clock, daily_reader):
    clock(at(13, 7))
    run_queued_tasks()

    (waiting,) = queued_tasks("send_daily_digest")
    assert waiting.run_after == at(14, 7)
    assert waiting.args_kwargs["args"] == ["2031-01-14"]


def test_a_story_scheduled_after_the_hour_waits_for_the_next_digest(
    clock, daily_reader, publish, mailoutbox
):
    clock(at(12, 10))
    later = publish(headline="Embargoed until eight", at=at(13, 8))

    clock(at(13, 7))
    run_queued_tasks()
    assert mailoutbox == []

    clock(at(14, 7))
    run_queued_tasks()
    (email,) = mail_to(mailoutbox, daily_reader.email)
    assert later.headline in email.body
    assert email.subject == "Newsroom: 1 new story"


def test_a_day_without_stories_sends_no_digest(clock, daily_reader, mailoutbox):
    clock(at(13, 7))
    run_queued_tasks()

    assert mailoutbox == []
    assert len(queued_tasks("send_daily_digest")) == 1


def test_a_story_already_sent_at_once_is_not_in_the_digest_after_a_change_of_mind(
    clock, publish, mailoutbox
):
    reader = ReaderFactory(delivery="immediate")
    SubscriptionFactory(reader=reader)
    clock(at(12, 10))
    publish(headline="Officers recognised in Morelia")
    reader.delivery = "daily"
    reader.save()
    ensure_digest_scheduled()

    clock(at(13, 7))
    run_queued_tasks()

    assert len(mail_to(mailoutbox, reader.email)) == 1


def test_a_spanish_digest_is_in_spanish(clock, publish, mailoutbox):
    reader = ReaderFactory(delivery="daily", language="es")
    SubscriptionFactory(reader=reader)
    ensure_digest_scheduled()
    clock(at(12, 10))
    publish(headline="Policías reconocidos", language="es")

    clock(at(13, 7))
    run_queued_tasks()

    (email,) = mail_to(mailoutbox, reader.email)
    assert email.subject == "Newsroom: 1 noticia nueva"
    assert email.extra_headers["Content-Language"] == "es"
