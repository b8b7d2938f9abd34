from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from photos import imaging, renditions
from photos.models import Photo

# The failures one photo can have without stopping the others: its original missing from or
# unreadable in the storage, or damaged there.
PHOTO_ERRORS = (OSError, ValidationError, *imaging.DECODING_ERRORS)


class ProgressBar:
    """A one-line progress bar on standard error, redrawn in place on a terminal and printed
    once per tenth of the work elsewhere, so logs stay short."""

    WIDTH = 30

    def __init__(self, stream, total):
        self.stream = stream
        self.total = total
        self.done = 0
        self.interactive = stream.isatty()
        self.last_tenth = -1

    def advance(self):
        self.done += 1
        tenth = self.done * 10 // self.total
        if self.interactive or tenth != self.last_tenth or self.done == self.total:
            self.last_tenth = tenth
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"[{bar}] {self.done}/{self.total} photos"
            self.stream.write(f"\r{line}" if self.interactive else line, ending="")
            if not self.interactive or self.done == self.total:
                self.stream.write("")


class Command(BaseCommand):
    help = (
        "Make the renditions (resized WebP and JPEG or PNG copies) and the social-media crop of "
        "every photo, or of those named with --photo. Files whose bytes would not change are "
        "kept; files no longer needed are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help=(
                "Only make what is missing: renditions never made, made from another original, "
                "made the old way, a crop for another focal point, or files gone from the storage."
            ),
        )
        parser.add_argument(
            "--photo",
            type=int,
            action="append",
            metavar="ID",
            help="Only this photo (its number in the admin's address); may be repeated.",
        )

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        if options["photo"]:
            wanted = set(options["photo"])
            photos = photos.filter(pk__in=wanted)
            missing = wanted - set(photos.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    "No photo has the number " + ", ".join(str(pk) for pk in sorted(missing)) + "."
                )
        total = photos.count()
        if not total:
            self.stdout.write("There are no photos.")
            return
        progress = ProgressBar(self.stderr, total)
        made, failed = 0, []
        for photo in photos.iterator(chunk_size=100):
            try:
                if renditions.refresh(
                    photo,
                    force=not options["missing_only"],
                    check_storage=options["missing_only"],
                ):
                    made += 1
            except PHOTO_ERRORS as error:
                failed.append(f"photo {photo.pk} ({photo.image.name}): {error}")
            progress.advance()
        self.stdout.write(
            f"Renditions made for {made} of {total} photos; "
            f"{total - made - len(failed)} already had them."
        )
        if failed:
            raise CommandError(
                f"{len(failed)} photos could not be processed:\n  " + "\n  ".join(failed)
            )
