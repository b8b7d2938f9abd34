import pytest

from photos.layouts import LAYOUTS, Layout, Slot, chosen_width

WIDTHS = [320, 640, 960, 1280, 1920]


def test_story_lead_sizes_attribute():
    assert LAYOUTS["story-lead"].sizes == (
        "(min-width: 74rem) 71rem, (min-width: 40rem) calc(100vw - 3rem), 100vw"
    )


@pytest.mark.parametrize(
    ("layout", "viewport", "slot"),
    [
        ("story-lead", 390, 390),
        ("story-lead", 800, 752),
        ("story-lead", 1440, 1136),
        ("home-lead", 390, 358),
        ("home-lead", 1440, 644),
        ("story-card", 390, 104),
        ("story-card", 1440, 363),
        ("officer-card", 390, 358),
        ("officer-card", 1440, 266),
        ("profile", 390, 320),
        ("profile", 1440, 288),
    ],
)
def test_layouts_give_the_width_the_stylesheet_draws(layout, viewport, slot):
    assert round(LAYOUTS[layout].slot_pixels(viewport)) == slot


@pytest.mark.parametrize(
    ("layout", "viewport", "density", "width"),
    [
        ("story-lead", 390, 3, 1280),
        ("story-lead", 1440, 1, 1280),
        ("story-lead", 1440, 2, 1920),
        ("story-card", 390, 3, 320),
        ("story-card", 1440, 2, 960),
        ("profile", 390, 2, 640),
    ],
)
def test_browser_picks_the_narrowest_file_that_fills_the_slot(layout, viewport, density, width):
    slot = LAYOUTS[layout].slot_pixels(viewport)
    assert chosen_width(WIDTHS, slot, density) == width


def test_browser_takes_the_widest_file_when_none_is_wide_enough():
    assert chosen_width([320, 640], 1000, 2) == 640


def test_layout_writes_each_kind_of_slot_as_css():
    layout = Layout(
        "example", slots=((60, Slot(rem=30)), (40, Slot(vw=50, rem=-1.5))), default=Slot(vw=100)
    )
    assert layout.sizes == "(min-width: 60rem) 30rem, (min-width: 40rem) calc(50vw - 1.5rem), 100vw"
