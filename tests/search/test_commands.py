from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Story
from search.models import SearchDocument
from tests.factories import OfficerFactory, StoryFactory

pytestmark = pytest.mark.django_db


def run(*args):
    output = StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


def test_benchmark_generates_indexed_stories_and_reports_times_and_a_plan():
    output = run("search_benchmark", "--stories", "40", "--repeat", "1")
    assert Story.objects.count() == SearchDocument.objects.count() == 40
    assert "40 stories created and 40 documents indexed" in output
    assert "Median over 10 searches" in output
    assert "Plan of the results query for 'Michoacan'" in output


def test_benchmark_refuses_a_database_that_has_stories():
    StoryFactory()
    with pytest.raises(CommandError, match="scratch database"):
        run("search_benchmark", "--stories", "10")
    assert Story.objects.count() == 1


def test_rebuild_restores_documents_written_around_save():
    story = StoryFactory(headline="Officers in Uruapan")
    OfficerFactory()
    SearchDocument.objects.all().delete()
    output = run("rebuild_search_index")
    assert "story: 1 indexed" in output
    assert SearchDocument.objects.get(story=story).title == "Officers in Uruapan"
    assert SearchDocument.objects.count() == 2
