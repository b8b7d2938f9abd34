"""Measure what a photo costs: the server's time to take it in, and the bytes a reader downloads.

Runs inside a transaction that is rolled back, with the files in a temporary folder that is
removed afterwards: it leaves no row and no file behind, whatever database it is pointed at.
"""

import io
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.test import TestCase, override_settings
from PIL import ExifTags, Image

from photos.layouts import LAYOUTS, chosen_width
from photos.models import Photo

# A reader on a phone (an iPhone-sized screen) and on a desktop, normal and high density.
VIEWPORTS = [
    ("phone", 390, 3),
    ("desktop", 1440, 1),
    ("desktop-hidpi", 1440, 2),
]
CAMERA_QUALITY = 92


def camera_photo(size=(6000, 4000), seed=2021):
    """A JPEG that compresses like a camera's: broad colour fields, mid-scale structure, fine
    texture and sensor grain, with the EXIF a phone writes (maker, orientation, GPS position)."""
    rng = random.Random(seed)  # noqa: S311  (the same picture every run, not a secret)
    width, height = size

    def noise(mode, scale, resample):
        small = (max(1, width // scale), max(1, height // scale))
        bands = len(mode)
        data = rng.randbytes(small[0] * small[1] * bands)
        return Image.frombytes(mode, small, data).resize(size, resample)

    base = Image.frombytes("RGB", (12, 8), rng.randbytes(12 * 8 * 3)).resize(
        size, Image.Resampling.BICUBIC
    )
    structure = noise("L", 40, Image.Resampling.BICUBIC)
    texture = noise("L", 4, Image.Resampling.BILINEAR)
    grain = noise("L", 1, Image.Resampling.NEAREST)
    detail = Image.blend(Image.blend(structure, texture, 0.35), grain, 0.12)
    image = Image.blend(base, Image.merge("RGB", [detail] * 3), 0.35)

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Benchmark camera"
    exif[ExifTags.Base.Model] = "24 MP"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (19.0, 42.0, 7.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (101.0, 11.0, 3.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=CAMERA_QUALITY, exif=exif)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Time a 24-megapixel upload through Photo.save (validation, metadata stripping, "
        "renditions, social crop) and report the bytes the story page's lead photo costs a "
        "reader on a phone and on a desktop, against the original file. Leaves nothing behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3, help="Default: %(default)s.")
        parser.add_argument(
            "--size",
            default="6000x4000",
            help="Width x height of the test photo in pixels. Default: %(default)s.",
        )
        parser.add_argument("--json", type=Path, help="Also write the figures to this file.")

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            size = tuple(int(part) for part in options["size"].lower().split("x"))
            if len(size) != 2 or min(size) < 1:
                raise ValueError
        except ValueError:
            raise CommandError("--size must look like 6000x4000.") from None

        self.stderr.write(f"Drawing a {size[0]}×{size[1]} test photo…")
        upload = camera_photo(size)
        with tempfile.TemporaryDirectory() as media_root, override_settings(MEDIA_ROOT=media_root):
            timings, photo = [], None
            for run in range(1, options["runs"] + 1):
                seconds, photo = self.process(upload)
                timings.append(seconds)
                self.stderr.write(f"  run {run}: {seconds:.2f} s")
        report = self.report(upload, size, timings, photo)
        self.print_report(report)
        if options["json"]:
            options["json"].write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Figures written to {options['json']}.")

    def process(self, upload):
        """Seconds to save one upload end to end; the photo as saved, its row rolled back."""
        try:
            with transaction.atomic():
                started = time.perf_counter()
                # Renditions are made when the upload commits; run those callbacks here, timed.
                with TestCase.captureOnCommitCallbacks(execute=True):
                    photo = Photo(
                        image=SimpleUploadedFile("IMG_0001.jpg", upload, "image/jpeg"),
                        alt_text="Benchmark photo",
                    )
                    photo.full_clean()
                    photo.save()
                seconds = time.perf_counter() - started
                photo.refresh_from_db()
                transaction.set_rollback(True)
        except DatabaseError as error:
            raise CommandError(
                f"The database is not ready ({error}). Run `manage.py migrate` first."
            ) from error
        if photo.rendition_set is None:
            raise CommandError("No renditions were made; see the error logged above.")
        return seconds, photo

    def report(self, upload, size, timings, photo):
        renditions = photo.rendition_set
        webp = {rendition.width: rendition for rendition in renditions.webp}
        fallback = {rendition.width: rendition for rendition in renditions.fallback}
        layout = LAYOUTS["story-lead"]
        story_page = []
        for name, viewport, density in VIEWPORTS:
            slot = layout.slot_pixels(viewport)
            width = chosen_width(webp, slot, density)
            story_page.append(
                {
                    "reader": name,
                    "viewport_css_px": viewport,
                    "device_pixel_ratio": density,
                    "slot_css_px": round(slot),
                    "chosen_width": width,
                    "webp_bytes": webp[width].bytes,
                    "fallback_bytes": fallback[width].bytes,
                    "upload_bytes": len(upload),
                    "webp_saving_percent": round(100 * (1 - webp[width].bytes / len(upload)), 1),
                }
            )
        social = photo.social_image
        return {
            "upload": {"width": size[0], "height": size[1], "bytes": len(upload)},
            "stored_original_bytes": photo.file_size,
            "processing_seconds": {
                "median": round(statistics.median(timings), 3),
                "runs": [round(seconds, 3) for seconds in timings],
            },
            "renditions": [
                {"width": r.width, "height": r.height, "format": r.format, "bytes": r.bytes}
                for r in [*renditions.webp, *renditions.fallback]
            ],
            "social_image": {"width": social.width, "height": social.height, "bytes": social.bytes},
            "story_page_lead_photo": story_page,
            "sizes": layout.sizes,
        }

    def print_report(self, report):
        upload, timing = report["upload"], report["processing_seconds"]
        runs = ", ".join(f"{seconds:.2f}" for seconds in timing["runs"])
        self.stdout.write(
            f"Processing a {upload['width']}×{upload['height']} JPEG of {kb(upload['bytes'])} "
            f"(with EXIF and GPS) through Photo.save: median {timing['median']:.2f} s "
            f"over {len(timing['runs'])} runs ({runs} s)."
        )
        self.stdout.write(
            f"Stored original {kb(report['stored_original_bytes'])}; social crop "
            f"{report['social_image']['width']}×{report['social_image']['height']} "
            f"{kb(report['social_image']['bytes'])}."
        )
        self.stdout.write("")
        self.stdout.write(f'Story page lead photo (sizes="{report["sizes"]}"):')
        header = ("Reader", "Slot", "Picks", "WebP", "JPEG fallback", "Original", "Saved (WebP)")
        rows = [
            (
                f"{row['reader']} {row['viewport_css_px']}px @{row['device_pixel_ratio']}x",
                f"{row['slot_css_px']}px",
                f"{row['chosen_width']}w",
                kb(row["webp_bytes"]),
                kb(row["fallback_bytes"]),
                kb(row["upload_bytes"]),
                f"{row['webp_saving_percent']}%",
            )
            for row in report["story_page_lead_photo"]
        ]
        widths = [max(len(str(line[column])) for line in [header, *rows]) for column in range(7)]
        for line in [header, *rows]:
            self.stdout.write(
                "  ".join(str(cell).rjust(width) for cell, width in zip(line, widths, strict=True))
            )


def kb(size):
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"
