from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from photos.models import Photo
from photos.orphans import DEFAULT_WAIT, orphaned_files


class Command(BaseCommand):
    help = (
        "Delete stored photo files that no photo names: originals left by uploads that were "
        "rolled back, and renditions left by interrupted work. Files written in the last hour "
        "(see --older-than) are left alone, as an upload may still be committing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the files that would be deleted, and delete nothing.",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(DEFAULT_WAIT.total_seconds() // 60),
            metavar="MINUTES",
            help="Only files last written at least this many minutes ago (default: 60).",
        )

    def handle(self, *args, dry_run, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than must be a number of minutes, 0 or more.")
        storage = Photo._meta.get_field("image").storage
        try:
            orphans = orphaned_files(storage, older_than=timedelta(minutes=older_than))
        except NotImplementedError as error:
            raise CommandError(
                "This storage cannot list its files, so orphaned photo files cannot be found."
            ) from error
        for orphan in orphans:
            if dry_run:
                self.stdout.write(f"Would delete {orphan.name}")
            else:
                storage.delete(orphan.name)
                self.stdout.write(f"Deleted {orphan.name}")
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            self.style.SUCCESS(f"{len(orphans)} file(s) no photo names {verb}.")
            if orphans
            else "No stored photo file is without its photo."
        )
