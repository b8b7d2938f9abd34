"""What the press list's tests share: a day before an embargo, an Editor, and a release."""

import datetime
import zoneinfo

import pytest

from outreach import services
from tests.factories import EditorFactory, PressListFactory, StoryFactory
from tests.tasks import run_queued_tasks

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
EMBARGO = datetime.datetime(2021, 1, 12, 10, 0, tzinfo=MEXICO_CITY)


@pytest.fixture
def before_the_embargo(time_machine, settings):
    settings.TIME_ZONE = "America/Mexico_City"
    time_machine.move_to(EMBARGO - datetime.timedelta(days=1), tick=False)


@pytest.fixture
def editor():
    return EditorFactory()


def release_under_embargo(editor, *journalists, story=None):
    story = story or StoryFactory(draft=True, headline="Officers recognised in Morelia")
    release = services.release_story(
        story=story,
        user=editor,
        lists=[PressListFactory(members=list(journalists))],
        embargo_until=EMBARGO,
    )
    run_queued_tasks()
    return release
