"""How wide each kind of photo is drawn on the page, as the ``sizes`` attribute tells browsers.

A browser picks a file from ``srcset`` before it has laid out the page, so ``sizes`` must state
the width the CSS (static/css/site.css) will give the image at each viewport width. Each layout
below is derived from the rules it names; change them together. The benchmark evaluates the same
layouts to say which file a phone or a desktop downloads.
"""

from dataclasses import dataclass

REM = 16  # CSS pixels; the stylesheet's media queries and lengths are in rem.


@dataclass(frozen=True)
class Slot:
    """A width of ``vw`` percent of the viewport plus ``rem`` (which may be negative)."""

    vw: float = 0
    rem: float = 0

    def css(self):
        vw, rem = _number(self.vw), _number(abs(self.rem))
        if self.vw and self.rem:
            return f"calc({vw}vw {'-' if self.rem < 0 else '+'} {rem}rem)"
        if self.vw:
            return f"{vw}vw"
        return f"{_number(self.rem)}rem"

    def pixels(self, viewport_width):
        return self.vw * viewport_width / 100 + self.rem * REM


@dataclass(frozen=True)
class Layout:
    """Slots from the widest viewport down: (minimum viewport width in rem, slot), then the
    slot for every narrower viewport."""

    name: str
    slots: tuple
    default: Slot

    @property
    def sizes(self):
        conditions = [
            f"(min-width: {_number(min_width)}rem) {slot.css()}" for min_width, slot in self.slots
        ]
        return ", ".join([*conditions, self.default.css()])

    def slot_pixels(self, viewport_width):
        """The CSS width the image gets in a viewport ``viewport_width`` CSS pixels wide."""
        for min_width, slot in self.slots:
            if viewport_width >= min_width * REM:
                return slot.pixels(viewport_width)
        return self.default.pixels(viewport_width)


def _number(value):
    return f"{value:g}"


LAYOUTS = {
    layout.name: layout
    for layout in [
        # .story__photo.container: the full viewport on a phone; from 40rem the container's
        # 1.5rem padding on each side; from 74rem the container's 74rem less that padding.
        Layout(
            "story-lead",
            slots=((74, Slot(rem=71)), (40, Slot(vw=100, rem=-3))),
            default=Slot(vw=100),
        ),
        # .story-card--lead on the home page: the container's width (1rem padding on a phone,
        # 1.5rem from 40rem); from 48rem the left 7 of 12 parts after a 2rem gap.
        Layout(
            "home-lead",
            slots=(
                (74, Slot(rem=40.25)),
                (48, Slot(vw=58.34, rem=-2.92)),
                (40, Slot(vw=100, rem=-3)),
            ),
            default=Slot(vw=100, rem=-2),
        ),
        # .card-grid .story-card__image: a 6.5rem square beside the headline on a phone; from
        # 40rem columns of at least 17rem with 1.5rem gaps: two, three from 57rem, and three of
        # (71rem - 3rem) / 3 once the container stops growing at 74rem.
        Layout(
            "story-card",
            slots=(
                (74, Slot(rem=22.67)),
                (57, Slot(vw=33.34, rem=-2)),
                (40, Slot(vw=50, rem=-2.25)),
            ),
            default=Slot(rem=6.5),
        ),
        # .card-grid--people: columns of at least 14rem with 1.5rem gaps, one on a phone, two
        # from 31.5rem, three from 48rem, four from 63.5rem, at most 16.625rem from 74rem.
        Layout(
            "officer-card",
            slots=(
                (74, Slot(rem=16.63)),
                (63.5, Slot(vw=25, rem=-1.875)),
                (48, Slot(vw=33.34, rem=-2)),
                (40, Slot(vw=50, rem=-2.25)),
                (31.5, Slot(vw=50, rem=-1.75)),
            ),
            default=Slot(vw=100, rem=-2),
        ),
        # .profile__photo: at most 20rem on a phone (less on a very narrow one); from 40rem a
        # column of at most 18rem.
        Layout(
            "profile",
            slots=((40, Slot(rem=18)), (22, Slot(rem=20))),
            default=Slot(vw=100, rem=-2),
        ),
    ]
}


def chosen_width(widths, slot_pixels, device_pixel_ratio):
    """The width a browser downloads from a w-descriptor srcset: the narrowest file with at
    least as many pixels as the slot needs, else the widest there is."""
    needed = slot_pixels * device_pixel_ratio
    widths = sorted(widths)
    return next((width for width in widths if width >= needed), widths[-1])
