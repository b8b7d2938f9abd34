"""Signing up by email: the public form, double opt-in, the manage page and one-click
unsubscribe."""

import re

import pytest
from django.urls import reverse

from outbox.models import Delivery
from readers import links, services
from readers.models import Reader, Subscription
from tests.factories import ReaderFactory, StoryFactory, SubscriptionFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


def sign_up(client, path="/subscribe/", **data):
    fields = {"email": "lucia@example.com", "language": "en", "delivery": "immediate", **data}
    return client.post(path, fields)


def confirm_link(email):
    return re.search(r"https://news\.example\.org(\S*/subscribe/confirm/\S+/)", email.body)[1]


def test_signing_up_sends_a_confirmation_and_subscribes_no_one_yet(client, mailoutbox):
    response = sign_up(client)
    run_queued_tasks()

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    (email,) = mailoutbox
    assert email.subject == "Confirm your subscription to Newsroom"
    assert "Every story" in email.body
    assert not Subscription.objects.active().exists()


def test_the_confirmation_page_asks_before_it_confirms(client, mailoutbox):
    sign_up(client)
    run_queued_tasks()
    link = confirm_link(mailoutbox[0])

    assert client.get(link).status_code == 200
    assert not Subscription.objects.active().exists()
    response = client.post(link)

    assert "You are subscribed" in response.content.decode()
    assert Subscription.objects.active().get().reader.email == "lucia@example.com"


def test_a_forged_confirmation_link_is_refused(client):
    response = client.get("/subscribe/confirm/not-a-real-link/")

    assert response.status_code == 404
    assert "This confirmation link does not work" in response.content.decode()


def test_signing_up_for_a_tag_from_its_page_follows_that_tag(client, mailoutbox):
    StoryFactory(tags=["awards"])
    page = client.get(reverse("articles:tag-detail", kwargs={"slug": "awards"}))
    assert "/subscribe/?tag=awards" in page.content.decode()

    form = client.get("/subscribe/", {"tag": "awards"})
    assert "Stories tagged “awards”" in form.content.decode()
    sign_up(client, tag="awards")

    subscription = Subscription.objects.get()
    assert (subscription.kind, subscription.tag.slug) == ("tag", "awards")


def test_an_unknown_topic_is_a_404_not_an_error(client):
    assert client.get("/subscribe/", {"section": "no-such-section"}).status_code == 404


def test_the_spanish_form_is_in_spanish_and_defaults_to_spanish(client):
    response = client.get("/es/subscribe/")

    content = response.content.decode()
    assert "Seguir por correo" in content
    assert 'value="es" selected' in content


def test_asking_again_for_a_confirmed_subscription_sends_nothing(client, mailoutbox):
    reader = ReaderFactory(email="lucia@example.com")
    SubscriptionFactory(reader=reader)

    sign_up(client)
    run_queued_tasks()

    assert mailoutbox == []


def test_a_stranger_cannot_change_a_confirmed_readers_choices(client):
    reader = ReaderFactory(email="lucia@example.com", language="en", delivery="immediate")

    sign_up(client, language="es", delivery="daily")

    reader.refresh_from_db()
    assert (reader.language, reader.delivery) == ("en", "immediate")


def test_the_sign_up_page_is_never_cached(client):
    response = client.get("/subscribe/")

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_one_click_unsubscribe_takes_effect_at_once(client):
    reader = ReaderFactory()
    SubscriptionFactory(reader=reader)
    services.send_story_now(story=StoryFactory())

    response = client.post(
        links.unsubscribe_url(reader), {"List-Unsubscribe": "One-Click"}, enforce_csrf_checks=True
    )

    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.unsubscribed_at is not None
    assert not Subscription.objects.active().exists()
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED


def test_opening_the_unsubscribe_link_asks_first(client):
    reader = ReaderFactory()

    response = client.get(links.unsubscribe_url(reader))

    assert "Stop sending our stories to" in response.content.decode()
    reader.refresh_from_db()
    assert reader.unsubscribed_at is None


def test_the_manage_page_changes_language_and_frequency(client):
    reader = ReaderFactory(language="en", delivery="immediate")

    response = client.post(links.manage_url(reader), {"language": "es", "delivery": "daily"})

    assert response.status_code == 302
    reader.refresh_from_db()
    assert (reader.language, reader.delivery) == ("es", "daily")


def test_the_manage_page_ends_one_subscription_and_keeps_the_others(client):
    reader = ReaderFactory()
    everything = SubscriptionFactory(reader=reader)
    StoryFactory(tags=["awards"])
    from taggit.models import Tag

    tag = SubscriptionFactory(reader=reader, kind="tag", tag=Tag.objects.get())

    client.post(links.manage_url(reader), {"end": everything.pk})

    assert list(Subscription.objects.active()) == [tag]
    page = client.get(links.manage_url(reader)).content.decode()
    assert "Stories tagged “awards”" in page


def test_a_manage_link_for_another_address_does_not_work(client):
    reader = ReaderFactory(email="lucia@example.com")
    url = links.manage_url(reader)
    Reader.objects.filter(pk=reader.pk).update(email="someone@example.com")

    assert client.get(url).status_code == 404


def test_a_reader_who_unsubscribed_can_subscribe_again(client, mailoutbox):
    reader = ReaderFactory(email="lucia@example.com")
    SubscriptionFactory(reader=reader)
    services.unsubscribe(reader=reader)

    sign_up(client)
    run_queued_tasks()
    client.post(confirm_link(mailoutbox[-1]))

    reader.refresh_from_db()
    assert reader.unsubscribed_at is None
    assert Subscription.objects.active().count() == 1


def test_export_has_everything_and_erasure_leaves_only_counts():
    reader = ReaderFactory(email="lucia@example.com")
    SubscriptionFactory(reader=reader)
    story = StoryFactory(headline="Officers recognised")
    services.send_story_now(story=story)
    run_queued_tasks()

    data = services.export_data(reader=reader)
    assert data["email"] == "lucia@example.com"
    assert data["subscriptions"][0]["follows"] == "Every story"
    assert data["stories_received"][0]["story"] == "Officers recognised"
    assert data["emails"][0]["status"] == "sent"

    message = Delivery.objects.get().message
    services.erase(reader=reader)

    assert not Reader.objects.exists()
    assert not Delivery.objects.filter(email="lucia@example.com").exists()
    message.refresh_from_db()
    assert message.erased_deliveries == 1
