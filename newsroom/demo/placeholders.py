"""Placeholder images for the demo, drawn with Pillow so the project ships no photo files.

The same specification always draws the same pixels, so nothing about the demo depends on chance.
"""

import io

from PIL import Image, ImageColor, ImageDraw, ImageFont


def draw(spec):
    """The JPEG bytes of the placeholder that ``spec`` (from the demo data file) describes."""
    kind = spec.get("kind")
    if kind == "landscape":
        image = _landscape(
            spec["width"], spec["height"], spec["top"], spec["bottom"], spec["accent"]
        )
    elif kind == "initials":
        image = _initials(spec["initials"], spec["size"], spec["background"], spec["foreground"])
    else:
        raise ValueError(f"Unknown placeholder kind {kind!r}; use 'landscape' or 'initials'.")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _landscape(width, height, top, bottom, accent):
    """A calm vertical gradient with a low sun and two hills: reads as 'a photo goes here'."""
    top_rgb, bottom_rgb = ImageColor.getrgb(top), ImageColor.getrgb(bottom)
    # A one-pixel-wide gradient stretched to size is far faster than drawing every row.
    column = Image.new("RGB", (1, height))
    for y in range(height):
        share = y / max(height - 1, 1)
        column.putpixel(
            (0, y),
            tuple(round(a + (b - a) * share) for a, b in zip(top_rgb, bottom_rgb, strict=True)),
        )
    image = column.resize((width, height))
    canvas = ImageDraw.Draw(image)
    radius = height // 9
    centre_x, centre_y = width * 2 // 3, height * 11 // 20
    canvas.ellipse(
        (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=accent
    )
    hill = _shade(top_rgb, 0.55)
    canvas.ellipse((-width // 4, height * 3 // 5, width * 3 // 5, height * 2), fill=hill)
    canvas.ellipse(
        (width * 2 // 5, height * 2 // 3, width * 5 // 4, height * 2), fill=_shade(top_rgb, 0.4)
    )
    return image


def _initials(initials, size, background, foreground):
    """Initials centred on a coloured square, like an avatar."""
    image = Image.new("RGB", (size, size), background)
    canvas = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 3 // 8)
    canvas.text((size / 2, size / 2), initials, fill=foreground, font=font, anchor="mm")
    return image


def _shade(rgb, factor):
    return tuple(round(channel * factor) for channel in rgb)
