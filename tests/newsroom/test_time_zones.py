"""Time zones named by their city, as people say them, in each language."""

import pytest
from django.utils import translation

from newsroom.time_zones import city_name


def test_a_zone_is_named_by_its_city():
    assert city_name("America/Mexico_City") == "Mexico City"


@pytest.mark.parametrize(
    ("zone", "spanish"),
    [
        ("America/Mexico_City", "Ciudad de México"),
        ("America/New_York", "Nueva York"),
        ("Europe/Vienna", "Viena"),
    ],
)
def test_a_zone_is_named_in_spanish_for_spanish_readers(zone, spanish):
    with translation.override("es"):
        assert city_name(zone) == spanish


def test_a_zone_with_no_name_of_its_own_is_its_city_part_with_spaces():
    with translation.override("es"):
        assert city_name("America/Argentina/Buenos_Aires") == "Buenos Aires"


def test_a_zone_without_a_city_is_its_own_name():
    assert city_name("UTC") == "UTC"
