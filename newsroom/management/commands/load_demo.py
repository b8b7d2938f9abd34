from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.demo.loader import DATA_FILE, DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo story (Morelia, 12 January 2021) with its officers, organisations, award, "
        "programme and photos. Creates only what is missing; what exists is left untouched, so "
        "running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=DATA_FILE,
            help="The demo data file to load (default: the project's own, %(default)s).",
        )

    def handle(self, *args, **options):
        try:
            report = load_demo(options["file"])
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Demo content:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        for url in report.story_urls:
            self.stdout.write(f"Demo story: {settings.NEWSROOM_BASE_URL}{url}")
        if report.created:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        else:
            self.stdout.write("The demo content was already present; nothing changed.")
