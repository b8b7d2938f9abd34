"""Time the search over many generated stories, and show PostgreSQL's plan for it.

Run it on a scratch database only: it adds thousands of stories and refuses a database that
already has any.

    createdb newsroom_search_bench
    DATABASE_URL=postgres://…/newsroom_search_bench manage.py migrate
    DATABASE_URL=postgres://…/newsroom_search_bench manage.py search_benchmark --stories 10000
"""

import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Section, Story
from articles.sanitizer import sanitize_html
from search.indexing import rebuild
from search.models import SearchDocument
from search.views import RESULTS_PER_PAGE

STATES = [
    "Aguascalientes", "Baja California", "Campeche", "Chiapas", "Chihuahua", "Coahuila",
    "Colima", "Durango", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "México",
    "Michoacán de Ocampo", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro",
    "Quintana Roo", "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala",
    "Veracruz", "Yucatán", "Zacatecas",
]  # fmt: skip
ENGLISH = {
    "subjects": ["Police officers", "Trainers", "First responders", "Two officers", "A unit"],
    "verbs": [
        "are recognised for",
        "complete training in",
        "lead workshops on",
        "receive awards for",
    ],
    "topics": [
        "assisting victims of gender-based violence",
        "the Strengthening Programme",
        "community policing",
        "protecting vulnerable groups",
        "human rights in policing",
        "the Social Merit Award",
    ],
    "sentences": [
        "The programme has trained more than 12,000 first responders.",
        "Officers took part in workshops on the legal principles of assistance.",
        "The ministry recognised their commitment to continuous professional development.",
        "Graduates go on to train their fellow officers across the state.",
        "The training brings a gender perspective to every workshop.",
        "UNODC delivers the programme with its partners since 2017.",
    ],
}
SPANISH = {
    "subjects": ["Agentes de policía", "Instructores", "Primeros respondientes", "Dos agentes"],
    "verbs": [
        "reciben reconocimiento por",
        "concluyen la capacitación en",
        "imparten talleres sobre",
    ],
    "topics": [
        "la atención a víctimas de violencia de género",
        "el Programa de Fortalecimiento",
        "la policía de proximidad",
        "la protección de grupos vulnerables",
        "los derechos humanos en la función policial",
    ],
    "sentences": [
        "El programa ha capacitado a más de 12 000 primeros respondientes.",
        "Los agentes participaron en talleres sobre los principios legales de la atención.",
        "La Secretaría reconoció su compromiso con la formación continua.",
        "Los egresados capacitan después a sus compañeros en todo el estado.",
        "La capacitación incorpora la perspectiva de género en cada taller.",
    ],
}
QUERIES = [
    "Michoacan",
    "capacitacion",
    "Queretaro",
    "police training",
    "violencia de genero",
    '"social merit"',
    "victimas Oaxaca",
    "workshops -Jalisco",
    "instructores Yucatan",
    "nothing matches this",
]


class Command(BaseCommand):
    help = "Time the search over generated stories on a scratch database and show its plan."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each query.")
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, stories, repeat, seed, **options):
        if Story.objects.exists():
            raise CommandError(
                "This database already has stories. Run the benchmark on a scratch database "
                "(createdb newsroom_search_bench; migrate; then this command)."
            )
        started = time.perf_counter()
        with transaction.atomic():
            section = Section.objects.create(name="Benchmark", slug="benchmark")
            # Varied, repeatable text, not secrets: a seeded generator is what is wanted.
            rng = random.Random(seed)  # noqa: S311
            Story.objects.bulk_create(_stories(stories, section, rng), 1000)
            indexed = rebuild(SearchDocument.Kind.STORY, Story.objects.filter(section=section))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"{stories} stories created and {indexed} documents indexed in "
            f"{time.perf_counter() - started:.1f} s on {connection.vendor}."
        )

        timings = {query: [_time_search(query) for _ in range(repeat)] for query in QUERIES}
        self.stdout.write(f"\nSearch page queries (count + first page of {RESULTS_PER_PAGE}):")
        for query, (found, _) in ((q, timings[q][0]) for q in QUERIES):
            median = statistics.median(seconds for _, seconds in timings[query]) * 1000
            self.stdout.write(f"  {query!r:28} {found:6} found   median {median:7.2f} ms")
        every = sorted(seconds for runs in timings.values() for _, seconds in runs)
        self.stdout.write(
            f"\nMedian over {len(every)} searches: {statistics.median(every) * 1000:.2f} ms "
            f"(fastest {every[0] * 1000:.2f} ms, slowest {every[-1] * 1000:.2f} ms)"
        )

        query = QUERIES[0]
        results = SearchDocument.objects.public().search(query).for_results()
        self.stdout.write(f"\nPlan of the results query for {query!r}:")
        if connection.vendor == "postgresql":
            self.stdout.write(results[:RESULTS_PER_PAGE].explain(analyze=True, buffers=True))
        else:
            self.stdout.write(results[:RESULTS_PER_PAGE].explain())


def _time_search(query):
    """What the search page does for ``query``: count, then fetch the first page."""
    started = time.perf_counter()
    page = Paginator(
        SearchDocument.objects.public().search(query).for_results(), RESULTS_PER_PAGE
    ).get_page(1)
    found = page.paginator.count
    list(page.object_list)
    return found, time.perf_counter() - started


def _stories(count, section, rng):
    now = timezone.now()
    for number in range(count):
        words = SPANISH if rng.random() < 0.3 else ENGLISH
        state = rng.choice(STATES)
        other_state = rng.choice(STATES)
        headline = (
            f"{rng.choice(words['subjects'])} {rng.choice(words['verbs'])} "
            f"{rng.choice(words['topics'])} ({state})"
        )
        paragraphs = [
            " ".join(rng.sample(words["sentences"], 3)) + f" {other_state}."
            for _ in range(rng.randint(3, 8))
        ]
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        roll = rng.random()
        status = Story.Status.DRAFT if roll < 0.05 else Story.Status.PUBLISHED
        published_at = now - timedelta(hours=rng.randint(1, 5 * 365 * 24))
        if 0.05 <= roll < 0.1:
            published_at = now + timedelta(days=rng.randint(1, 30))  # scheduled
        yield Story(
            headline=headline,
            slug=f"benchmark-{number}",
            standfirst=f"{rng.choice(words['sentences'])} {state}.",
            body=body,
            body_html=sanitize_html(body),
            dateline_place=state,
            language="es" if words is SPANISH else "en",
            status=status,
            published_at=published_at if status == Story.Status.PUBLISHED else None,
            section=section,
        )
