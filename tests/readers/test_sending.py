"""A story that goes public is emailed at once to the readers who follow it and want each
story: once each, in their edition, never before its time, never a draft."""

import datetime

import pytest
from django.utils import timezone

from articles import services as story_services
from outbox.models import Delivery
from readers import services
from readers.models import Receipt, Subscription
from tests.factories import (
    MediaContactFactory,
    OfficerFactory,
    ReaderFactory,
    SectionFactory,
    StoryFactory,
    SubscriptionFactory,
    TrainingProgrammeFactory,
)
from tests.readers.conftest import mail_to
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def follower(kind="all", delivery="immediate", language="en", **followed):
    reader = ReaderFactory(delivery=delivery, language=language)
    SubscriptionFactory(reader=reader, kind=kind, **followed)
    return reader


def test_a_published_story_goes_to_every_reader_who_follows_everything(publish, mailoutbox):
    reader = follower()

    story = publish(headline="Officers recognised in Morelia")

    (email,) = mail_to(mailoutbox, reader.email)
    assert email.subject == "Officers recognised in Morelia"
    assert story.standfirst in email.body


def test_a_story_goes_to_followers_of_its_section_tag_officer_and_programme(publish, mailoutbox):
    officer, programme = OfficerFactory(), TrainingProgrammeFactory()
    story = publish(tags=["awards"], officers=[officer], programmes=[programme])
    section_reader = follower("section", section=story.section)
    tag_reader = follower("tag", tag=story.tags.get())
    officer_reader = follower("officer", officer=officer)
    programme_reader = follower("programme", programme=programme)
    other_section = follower("section", section=SectionFactory(name="Features", slug="features"))

    publish(tags=["awards"], officers=[officer], programmes=[programme])

    for reader in (section_reader, tag_reader, officer_reader, programme_reader):
        assert len(mail_to(mailoutbox, reader.email)) == 1
    assert mail_to(mailoutbox, other_section.email) == []


def test_a_reader_following_a_story_several_ways_gets_it_once(publish, mailoutbox):
    reader = follower()
    SubscriptionFactory(reader=reader, kind="section", section=SectionFactory())

    story = publish()
    services.send_story_now(story=story)
    run_queued_tasks()

    assert len(mail_to(mailoutbox, reader.email)) == 1


def test_no_email_for_a_draft_or_a_story_in_review(editor, mailoutbox):
    follower()
    story = StoryFactory(draft=True, created_by=editor)

    story_services.submit_for_review(story=story, user=editor)
    run_queued_tasks()

    assert mailoutbox == []


def test_readers_not_yet_confirmed_or_unsubscribed_get_nothing(publish, mailoutbox):
    pending = ReaderFactory(pending=True)
    SubscriptionFactory(reader=pending)
    gone = follower()
    services.unsubscribe(reader=gone)
    unconfirmed_subscription = ReaderFactory()
    SubscriptionFactory(reader=unconfirmed_subscription, confirmed_at=None)

    publish()

    assert mailoutbox == []


def test_a_daily_reader_is_not_emailed_at_once(publish, mailoutbox):
    follower(delivery="daily")

    publish()

    assert mailoutbox == []


def test_a_scheduled_story_is_emailed_at_its_time_not_before(publish, mailoutbox, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    reader = follower()
    at = timezone.now() + datetime.timedelta(hours=2)

    story = publish(at=at, headline="Embargoed until noon")

    assert mailoutbox == []
    assert not Receipt.objects.exists()
    time_machine.move_to(at + datetime.timedelta(seconds=1), tick=False)
    run_queued_tasks()
    (email,) = mail_to(mailoutbox, reader.email)
    assert email.subject == story.headline


def test_a_scheduled_story_taken_back_before_its_time_is_never_emailed(
    publish, editor, mailoutbox, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    follower()
    at = timezone.now() + datetime.timedelta(hours=2)
    story = publish(at=at)

    story_services.unpublish_story(story=story, user=editor)
    time_machine.move_to(at + datetime.timedelta(minutes=1), tick=False)
    run_queued_tasks()

    assert mailoutbox == []


def test_a_story_withdrawn_before_its_email_went_out_is_not_sent(editor, mailoutbox):
    follower()
    story = StoryFactory(draft=True)
    story_services.publish_story(story=story, user=editor)
    from tests.tasks import queued_tasks

    # The story's task ran and queued the email; the story is withdrawn before the send.
    run_queued_tasks(limit=1)
    story_services.withdraw_story(story=story, user=editor, reason="Wrong officer named.")
    run_queued_tasks()

    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED
    assert queued_tasks() == []


def test_each_reader_gets_the_edition_of_their_language(publish, mailoutbox):
    english_reader = follower(language="en")
    spanish_reader = follower(language="es")
    original = publish(headline="Officers recognised", language="en")

    publish(headline="Policías reconocidos", language="es", translation_of=original)

    (english,) = mail_to(mailoutbox, english_reader.email)
    assert english.subject == "Officers recognised"
    # Until its Spanish edition is out, the English story is the Spanish readers' edition;
    # the Spanish edition that follows is the same story, and is not sent again.
    (spanish,) = mail_to(mailoutbox, spanish_reader.email)
    assert spanish.subject == "Officers recognised"
    assert "(In English)" in spanish.body


def test_a_spanish_reader_gets_only_the_spanish_edition_when_both_are_out(publish, mailoutbox):
    spanish_reader = follower(language="es")
    original = StoryFactory(language="en", headline="Officers recognised")
    publish(headline="Policías reconocidos", language="es", translation_of=original)

    (email,) = mail_to(mailoutbox, spanish_reader.email)
    assert email.subject == "Policías reconocidos"
    assert email.extra_headers["Content-Language"] == "es"


def test_an_officer_without_consent_cannot_be_followed(client):
    hidden = OfficerFactory(without_consent=True)

    response = client.get("/subscribe/", {"officer": hidden.slug})

    assert response.status_code == 404


def test_the_email_names_the_media_contacts(publish, mailoutbox):
    reader = follower()
    contact = MediaContactFactory(name="María López", email="prensa@example.gob.mx")

    publish(media_contacts=[contact])

    (email,) = mail_to(mailoutbox, reader.email)
    html = email.alternatives[0][0]
    for part in (email.body, html):
        assert "For more information, contact:" in part
        assert "María López" in part and "prensa@example.gob.mx" in part


def test_a_correction_reaches_the_readers_who_got_the_story(publish, editor, mailoutbox):
    reader, gone = follower(), follower()
    story = publish(headline="Officers recognised")
    services.unsubscribe(reader=gone)
    later = follower()
    mailoutbox.clear()

    story_services.add_correction(story=story, user=editor, text="The award was in 2020.")
    run_queued_tasks()

    (email,) = mailoutbox
    assert reader.email in email.to[0]
    assert email.subject == "Correction: Officers recognised"
    assert "The award was in 2020." in email.body
    assert mail_to(mailoutbox, later.email) == []


def test_a_tag_merged_into_another_keeps_its_followers(publish, mailoutbox):
    from articles.tagging import merge_tags

    old = publish(tags=["michoacan"]).tags.get()
    kept = publish(tags=["Michoacán"]).tags.get()
    reader = follower("tag", tag=old)

    merge_tags(keep=kept, merged=old)

    assert Subscription.objects.get(reader=reader).tag == kept


def test_a_deleted_tag_takes_its_subscriptions_with_it(publish):
    tag = publish(tags=["awards"]).tags.get()
    follower("tag", tag=tag)

    tag.delete()

    assert not Subscription.objects.exists()
