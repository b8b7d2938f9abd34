"""Run one background worker: the database queue's ``db_worker``, after taking over whatever a
worker that stopped left unfinished."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background worker for email and other tasks (stop it with Ctrl-C or SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task that is ready, then exit.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between looks at an empty queue (default: 1).",
        )

    def handle(self, *, batch, interval, verbosity, **options):
        from outbox.recovery import recover

        recover()
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=verbosity,
        )
