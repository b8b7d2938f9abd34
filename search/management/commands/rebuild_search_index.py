from django.core.management.base import BaseCommand
from django.db import transaction

from search.indexing import rebuild_all


class Command(BaseCommand):
    help = (
        "Rewrite the search document of every story, officer, programme and award. Saves keep "
        "the index current by themselves; this is for rows written around save(), such as a "
        "bulk import or a raw SQL fix."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = rebuild_all()
        for kind, count in counts.items():
            self.stdout.write(f"  {kind}: {count} indexed")
        self.stdout.write(self.style.SUCCESS("The search index is up to date."))
