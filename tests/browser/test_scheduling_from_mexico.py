"""An Editor in Mexico City who reads the admin in Spanish schedules a story for ten in the
morning, her time, in a real browser: the admin takes the time she typed as hers, says in
Spanish when the story goes out, and the desk lists it under the scheduled stories at that time.
The database holds the same moment in UTC, six hours later (Mexico City keeps UTC-6 all year).
"""

import datetime

import pytest

from accounts.models import Profile
from articles import services
from articles.models import Story
from tests.browser.conftest import CHROMIUM, signed_in_page
from tests.browser.test_editorial_flow import PASSWORD
from tests.factories import EditorFactory, StoryFactory, WriterFactory

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

HEADLINE = "Policías capacitados por la UNODC reciben el Premio al Mérito Social"


def test_an_editor_in_mexico_schedules_a_story_at_her_local_time(
    live_server, browser, policy_violations, folder
):
    writer = WriterFactory(first_name="Ana", last_name="Ruiz", password=PASSWORD)
    story = StoryFactory(
        draft=True,
        created_by=writer,
        language="es",
        headline=HEADLINE,
    )
    services.submit_for_review(story=story, user=writer)
    editor = EditorFactory(first_name="María", last_name="López", password=PASSWORD)
    Profile.objects.create(user=editor, language="es", time_zone="America/Mexico_City")
    page = signed_in_page(
        browser,
        live_server.url,
        editor.username,
        policy_violations,
        locale="es-MX",
        timezone_id="America/Mexico_City",
    )

    page.locator(".desk-table tr", has_text=HEADLINE).get_by_role("link", name="Editar").click()
    field = page.locator(".form-row.field-published_at")
    assert field.locator("label").first.inner_text().rstrip(":") == "Hora de publicación"
    assert {"Fecha:", "Hora:"} <= set(field.locator("p.datetime").inner_text().split())
    page.fill("#id_published_at_0", "14/01/2031")
    page.fill("#id_published_at_1", "10:00")
    page.click("input[name=_publish][value=Publicar]")

    page.wait_for_selector(".desk")
    assert page.inner_text(".messagelist") == (
        f"«{HEADLINE}» está programada: se publicará el 14 de enero de 2031 a las 10:00"
    )
    scheduled = page.locator("section[aria-labelledby=desk-scheduled]")
    assert scheduled.locator("h2").inner_text() == "Programadas"
    assert "Las horas están en su zona horaria, Ciudad de México." in scheduled.inner_text()
    row = scheduled.locator(".desk-table tbody tr", has_text=HEADLINE)
    assert row.locator(".desk-when time").inner_text() == "14 de enero de 2031 a las 10:00"
    page.screenshot(path=folder / "desk-scheduled-from-mexico-es.png", full_page=True)

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    assert story.published_at == datetime.datetime(2031, 1, 14, 16, 0, tzinfo=datetime.UTC)
    assert policy_violations == []
