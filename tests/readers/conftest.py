import pytest

from articles import services as story_services
from tests.factories import EditorFactory, StoryFactory
from tests.tasks import run_queued_tasks


@pytest.fixture
def editor():
    return EditorFactory()


@pytest.fixture
def publish(editor):
    """Publish a new story (keyword arguments for ``StoryFactory``) as an Editor would, at
    ``at`` if given, and run what the worker would run now."""

    def publish(at=None, **fields):
        story = StoryFactory(draft=True, **fields)
        story_services.publish_story(story=story, user=editor, at=at)
        run_queued_tasks()
        return story

    return publish


def mail_to(mailoutbox, address):
    return [email for email in mailoutbox if address in email.to[0]]
