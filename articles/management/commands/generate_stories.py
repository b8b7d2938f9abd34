"""Bulk content for benchmarks: ``manage.py generate_stories --count 100000``.

Stories read like the press office's own: bodies of 600-1,000 words in paragraphs with
subheadings, a list and a quotation, 3-6 tags, 1-4 officers, quotes, programmes and awards, lead
photos from a small set drawn once. Rows go in with ``bulk_create`` in batches (stories, tags,
officers, programmes, awards, quotes, links), each batch one transaction, so 100,000 stories take
minutes rather than hours. The same ``--seed`` gives the same stories; their times count back
from today's midnight (UTC), with a few drafts, withdrawn stories and scheduled ones to come.
"""

import random
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.choices import Language, StoryStatus
from articles.models import FurtherLink, Quote, Section, Story
from articles.sanitizer import sanitize_html
from newsroom.caching import generation
from newsroom.demo import placeholders
from people.models import Award, Officer, Organisation, TrainingProgramme
from photos.models import Photo

GENERATED_PHOTO_SOURCE = "Drawn by generate_stories for benchmarks"
PHOTO_COUNT = 8
ARCHIVE_YEARS = 12

ENGLISH_WORDS = (
    "officers police training programme victims women girls violence gender community state "
    "municipality assistance protocol workshop trainers response service support justice "
    "prevention safety security ministry partnership initiative unit patrol report emergency "
    "shelter referral care survivors families schools leaders public institutions network "
    "cooperation strategy guidelines evidence investigation prosecutors courts rights dignity "
    "first responders graduates certificate modules curriculum practice skills empathy trust "
    "neighbourhood residents helpline interview statement risk assessment follow-up plan "
    "coordination commission office agency delegation region cities rural towns roads "
    "commitment professional development recognition award ceremony governor secretary "
    "colleagues teams months years weeks day results progress figures cases calls hours "
    "improved reached trained delivered shared completed launched expanded supported received "
    "described explained said added noted recalled highlighted stressed welcomed announced "
    "new better safer local national international regional annual continuous specialised "
    "the the the the of of of of and and and and to to to in in in for for with with on at "
    "by from their their this that which who as a a an more most every each all many"
).split()
SPANISH_WORDS = (
    "policías capacitación programa víctimas mujeres niñas violencia género comunidad estado "
    "municipio atención protocolo taller instructores respuesta servicio apoyo justicia "
    "prevención seguridad secretaría alianza iniciativa unidad patrulla informe emergencia "
    "refugio canalización cuidado sobrevivientes familias escuelas líderes instituciones red "
    "cooperación estrategia lineamientos evidencia investigación fiscales tribunales derechos "
    "dignidad primeros respondientes egresados certificado módulos práctica habilidades "
    "empatía confianza vecinos línea entrevista riesgo plan coordinación comisión oficina "
    "región ciudades pueblos compromiso desarrollo reconocimiento premio ceremonia colegas "
    "equipos meses años semanas resultados avances cifras casos llamadas mejoró alcanzó "
    "capacitó compartió completó amplió recibió explicó dijo añadió destacó anunció nuevo "
    "mejor local nacional regional anual continua especializada "
    "el el la la los las de de de del y y y en en en para para con con por a al su sus este "
    "esta que quien como un una más cada todos muchos"
).split()
HEADLINE_SUBJECTS = (
    "Officers",
    "Police trainers",
    "First responders",
    "Community officers",
    "Graduates of the programme",
    "Specialised units",
)
HEADLINE_VERBS = (
    "complete training on",
    "are recognised for",
    "lead workshops on",
    "share lessons on",
    "strengthen",
    "take part in a review of",
)
HEADLINE_OBJECTS = (
    "assistance to victims of gender-based violence",
    "the protocol for first contact with survivors",
    "community policing",
    "referral to shelters and care services",
    "risk assessment in emergency calls",
    "cooperation with prosecutors",
)
SPANISH_HEADLINES = (
    "Policías concluyen capacitación en atención a víctimas",
    "Reconocen a instructores de la policía por su labor",
    "Primeros respondientes fortalecen el protocolo de atención",
    "Egresados del programa imparten talleres en su estado",
)
PLACES = (
    "Morelia (Mexico)",
    "Uruapan (Mexico)",
    "Zamora (Mexico)",
    "Guadalajara (Mexico)",
    "Puebla (Mexico)",
    "Oaxaca (Mexico)",
    "Mérida (Mexico)",
    "Mexico City (Mexico)",
)
STATES = ("Michoacán de Ocampo", "Jalisco", "Puebla", "Oaxaca", "Yucatán", "Ciudad de México")
TAG_NAMES = (
    "gender-based violence", "training", "community policing", "awards", "victim assistance",
    "first responders", "protocols", "shelters", "prevention", "women, peace and security",
    "trainers", "Michoacán", "Jalisco", "Puebla", "Oaxaca", "Yucatán", "Mexico City",
    "partnerships", "emergency calls", "risk assessment", "prosecutors", "human rights",
    "youth", "schools", "rural areas", "cities", "data", "evaluation", "curriculum",
    "certification", "leadership", "mentoring", "wellbeing", "accountability", "transparency",
    "cooperation", "helplines", "referrals", "investigations", "courts", "families",
    "indigenous communities", "migration", "road safety", "cybercrime", "missing persons",
    "femicide prevention", "public security", "recognition", "annual report",
)  # fmt: skip
FIRST_NAMES = (
    "Alejandra", "Gerardo", "María", "José", "Guadalupe", "Juan", "Fernanda", "Luis", "Sofía",
    "Carlos", "Daniela", "Miguel", "Valeria", "Jorge", "Ximena", "Ricardo", "Paola", "Andrés",
)  # fmt: skip
FAMILY_NAMES = (
    "Ruíz Ortiz", "Duarte Arroyo", "Hernández López", "García Martínez", "Pérez Sánchez",
    "Ramírez Torres", "Flores Rivera", "Gómez Díaz", "Morales Cruz", "Reyes Jiménez",
    "Vargas Castillo", "Mendoza Romero", "Aguilar Ortega", "Castro Navarro", "Chávez Silva",
)  # fmt: skip
SPEAKERS = (
    ("María López", "Programme coordinator, UNODC"),
    ("Ana Beltrán", "Director of a women's shelter"),
    ("Roberto Salas", "State Secretary of Public Security"),
    ("Lucía Campos", "Prosecutor for crimes against women"),
)
PROGRAMMES = (
    ("Strengthening Programme for the Security of Vulnerable Groups", "Strengthening Programme"),
    ("First Responders to Gender-Based Violence", "First Responders"),
    ("Community Policing for Safer Neighbourhoods", "Community Policing"),
    ("Trainers of Trainers Initiative", "Trainers of Trainers"),
)
AWARDS = ("Social Merit Award", "Medal for Service to the Community", "Excellence in Training")
PHOTO_COLOURS = (
    ("#2f5d8a", "#c9d8e6", "#f2b134"),
    ("#3b6e4f", "#d7e8cf", "#f4d35e"),
    ("#7a3b69", "#ecd4e6", "#ffb347"),
    ("#8a4b2f", "#f1dcc9", "#ffd166"),
    ("#264653", "#cfe3e8", "#e9c46a"),
    ("#5a4e8c", "#dcd8f0", "#f6bd60"),
    ("#1d6f72", "#cdeceb", "#ee964b"),
    ("#6b705c", "#e6e4d8", "#ddb892"),
)


class Command(BaseCommand):
    help = "Create COUNT realistic stories in bulk for benchmarks; the same --seed, the same ones."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="How many stories (1000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed for the content (1).")
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Stories per transaction (1000)."
        )

    def handle(self, *, count, seed, batch_size, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        builder = StoryBuilder(seed=seed, count=count)
        if Story.objects.filter(slug=builder.slug(0)).exists():
            raise CommandError(
                f"Stories from seed {seed} are already in this database; "
                "pass another --seed or use a fresh database."
            )
        builder.prepare()
        first_pk = None
        for start in range(0, count, batch_size):
            stories = builder.insert_batch(range(start, min(start + batch_size, count)))
            first_pk = first_pk or stories[0].pk
            if verbosity >= 2:
                self.stdout.write(f"{start + len(stories)} of {count} stories")
        finish(first_pk, builder.officer_ids)
        self.stdout.write(self.style.SUCCESS(f"Created {count} stories (seed {seed})."))


def finish(first_pk, officer_ids):
    """Make the bulk rows look edited when they went public, index them for search, refresh the
    planner's statistics, and tell the public cache: ``bulk_create`` sends no signal."""
    from search import indexing
    from search.models import DocumentKind, SearchDocument

    generated = Story.objects.filter(pk__gte=first_pk)
    generated.update(updated_at=Coalesce("published_at", "created_at"))
    # The save path indexes one story at a time; the index's own bulk path takes them all.
    indexing.rebuild(DocumentKind.STORY, generated.order_by("pk"))
    indexing.rebuild(DocumentKind.OFFICER, Officer.objects.filter(pk__in=officer_ids))
    if connection.vendor == "postgresql":
        # VACUUM too, as autovacuum would soon on a running site: without a visibility map,
        # index-only scans read the table's pages anyway. It cannot run inside a transaction
        # (a test's), where statistics are all the planner needs.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in (Story, TaggedItem, Quote, Story.officers.through, SearchDocument):
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
    generation.bump()


class StoryBuilder:
    def __init__(self, *, seed, count):
        self.seed = seed
        self.count = count
        # Reproducible on purpose: the same seed must give the same stories.
        self.random = random.Random(seed)  # noqa: S311
        self.today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        # Spread evenly over the archive, the newest last.
        self.interval = timedelta(days=365 * ARCHIVE_YEARS) / count

    def slug(self, index):
        return f"generated-{self.seed}-{index}"

    def prepare(self):
        """The rows stories point at: sections, tags, photos, organisations, officers,
        programmes and awards; created when missing, so that a second seed reuses them."""
        self.sections = [
            Section.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})[0]
            for order, (slug, name) in enumerate(
                [("news", "News"), ("press-release", "Press release"), ("feature", "Feature")]
            )
        ]
        self.tag_ids = [Tag.objects.get_or_create(name=name)[0].pk for name in TAG_NAMES]
        self.photos = generated_photos()
        self.forces = [
            Organisation.objects.get_or_create(
                slug=f"generated-police-{slugify(state)}",
                defaults={"name": f"Police of {state}", "kind": Organisation.Kind.POLICE_FORCE},
            )[0]
            for state in STATES
        ]
        self.officer_ids = self.officers()
        ministry = Organisation.objects.get_or_create(
            slug="generated-ministry",
            defaults={"name": "Ministry of Public Security", "kind": Organisation.Kind.MINISTRY},
        )[0]
        self.programme_ids = [
            TrainingProgramme.objects.get_or_create(
                slug=f"generated-{slugify(short)}",
                defaults={"name": name, "short_name": short, "start_year": 2017},
            )[0].pk
            for name, short in PROGRAMMES
        ]
        self.award_ids = [
            Award.objects.get_or_create(
                slug=f"generated-{slugify(name)}",
                defaults={"name": name, "awarding_organisation": ministry},
            )[0].pk
            for name in AWARDS
        ]
        self.content_type_id = ContentType.objects.get_for_model(Story).pk

    def officers(self):
        """One officer per 200 stories (12 to 500), four in five with consent to a profile."""
        wanted = max(12, min(500, self.count // 200))
        consent_date = self.today - timedelta(days=400)
        officers = []
        for index in range(wanted):
            full_name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(FAMILY_NAMES)}"
            consent = self.random.random() < 0.8
            officers.append(
                Officer(
                    full_name=full_name,
                    family_name=full_name.split(" ", 1)[1],
                    slug=f"{slugify(full_name)}-{self.seed}-{index}",
                    rank=self.random.choice(("Officer", "Sergeant", "Inspector")),
                    institution=self.random.choice(self.forces),
                    state=self.random.choice(STATES),
                    biography=self.sentence(ENGLISH_WORDS, 18, 30),
                    photo=self.random.choice(self.photos),
                    public_profile_consent=consent,
                    consent_recorded_at=consent_date if consent else None,
                    featured=consent and index < 4,
                )
            )
        # A run after stories were deleted finds this seed's officers still there: reuse them.
        existing = dict(
            Officer.objects.filter(slug__in=[officer.slug for officer in officers]).values_list(
                "slug", "pk"
            )
        )
        Officer.objects.bulk_create(
            [officer for officer in officers if officer.slug not in existing]
        )
        return [existing.get(officer.slug, officer.pk) for officer in officers]

    # Text

    def sentence(self, words, shortest=8, longest=22):
        chosen = self.random.choices(words, k=self.random.randint(shortest, longest))
        text = " ".join(chosen)
        return f"{text[0].upper()}{text[1:]}."

    def paragraph(self, words):
        return " ".join(self.sentence(words) for _ in range(self.random.randint(4, 7)))

    def body(self, words):
        """600-1,000 words: paragraphs, a subheading every few, one list and one quotation."""
        target = self.random.randint(600, 1000)
        parts, written = [], 0
        while written < target:
            if parts and len(parts) % 4 == 0:
                parts.append(f"<h2>{self.sentence(words, 3, 6)[:-1]}</h2>")
            text = self.paragraph(words)
            written += text.count(" ") + 1
            parts.append(f"<p>{text}</p>")
            if len(parts) == 3:
                items = "".join(f"<li>{self.sentence(words, 4, 9)}</li>" for _ in range(3))
                parts.append(f"<ul>{items}</ul>")
            if len(parts) == 6:
                parts.append(f"<blockquote><p>{self.sentence(words, 15, 30)}</p></blockquote>")
        return "\n".join(parts)

    # Stories

    def story(self, index):
        spanish = self.random.random() < 0.1
        words = SPANISH_WORDS if spanish else ENGLISH_WORDS
        if spanish:
            headline = self.random.choice(SPANISH_HEADLINES)
        else:
            headline = (
                f"{self.random.choice(HEADLINE_SUBJECTS)} {self.random.choice(HEADLINE_VERBS)} "
                f"{self.random.choice(HEADLINE_OBJECTS)}"
            )
        roll = self.random.random()
        published_at = (
            self.today
            - self.interval * (self.count - index)
            # Before today's midnight, never after: a story going public while a benchmark runs
            # would move the validators it measures.
            - timedelta(minutes=self.random.randint(0, 600))
        )
        status = StoryStatus.PUBLISHED
        if roll < 0.03:
            status, published_at = StoryStatus.DRAFT, None
        elif roll < 0.05:
            published_at = self.today + timedelta(days=self.random.randint(1, 30), hours=9)
        elif roll < 0.07:
            status = StoryStatus.WITHDRAWN
        body = self.body(words)
        went_public = status == StoryStatus.WITHDRAWN or (
            status == StoryStatus.PUBLISHED and published_at <= self.today
        )
        return Story(
            headline=headline,
            slug=self.slug(index),
            standfirst=self.sentence(words, 20, 32),
            body=body,
            body_html=sanitize_html(body),
            dateline_place=self.random.choice(PLACES),
            dateline_date=published_at.date() if published_at else None,
            status=status,
            published_at=published_at,
            first_published_at=published_at if went_public else None,
            section=self.random.choice(self.sections),
            language=Language.SPANISH if spanish else Language.ENGLISH,
            featured=status == StoryStatus.PUBLISHED and self.random.random() < 0.02,
            lead_photo=self.random.choice(self.photos) if self.random.random() < 0.75 else None,
        )

    @transaction.atomic
    def insert_batch(self, indexes):
        stories = Story.objects.bulk_create([self.story(index) for index in indexes])
        tagged, mentioned, programmes, awards, quotes, links = [], [], [], [], [], []
        for story in stories:
            words = SPANISH_WORDS if story.language == Language.SPANISH else ENGLISH_WORDS
            tagged += [
                TaggedItem(content_type_id=self.content_type_id, object_id=story.pk, tag_id=tag)
                for tag in self.random.sample(self.tag_ids, self.random.randint(3, 6))
            ]
            officers = self.random.sample(self.officer_ids, self.random.randint(1, 4))
            mentioned += [
                Story.officers.through(story_id=story.pk, officer_id=officer)
                for officer in officers
            ]
            if self.random.random() < 0.3:
                programme = self.random.choice(self.programme_ids)
                programmes.append(
                    Story.programmes.through(story_id=story.pk, trainingprogramme_id=programme)
                )
            if self.random.random() < 0.1:
                award = self.random.choice(self.award_ids)
                awards.append(Story.awards.through(story_id=story.pk, award_id=award))
            for order in range(self.random.randint(0, 3)):
                quote = Quote(story_id=story.pk, text=self.sentence(words, 20, 45), order=order)
                if self.random.random() < 0.7:
                    quote.officer_id = self.random.choice(officers)
                else:
                    quote.speaker_name, quote.speaker_role = self.random.choice(SPEAKERS)
                quotes.append(quote)
            if self.random.random() < 0.5:
                links.append(
                    FurtherLink(
                        story_id=story.pk,
                        label="UNODC in Mexico",
                        url="https://www.unodc.org/mexicoandcentralamerica/",
                    )
                )
        TaggedItem.objects.bulk_create(tagged)
        Story.officers.through.objects.bulk_create(mentioned)
        Story.programmes.through.objects.bulk_create(programmes)
        Story.awards.through.objects.bulk_create(awards)
        Quote.objects.bulk_create(quotes)
        FurtherLink.objects.bulk_create(links)
        return stories


def generated_photos():
    """The small set of lead photos, drawn once and reused by every later run."""
    photos = list(Photo.objects.filter(source=GENERATED_PHOTO_SOURCE).order_by("pk"))
    for index in range(len(photos), PHOTO_COUNT):
        top, bottom, accent = PHOTO_COLOURS[index]
        spec = {
            "kind": "landscape",
            "width": 1600,
            "height": 1000,
            "top": top,
            "bottom": bottom,
            "accent": accent,
        }
        photo = Photo(
            alt_text="Hills under a low sun, a placeholder for a press photo",
            caption=f"Generated photo {index + 1}",
            credit="© Newsroom benchmark",
            source=GENERATED_PHOTO_SOURCE,
        )
        # Saving re-encodes the image through photos.imaging, as it would any upload.
        photo.image = ContentFile(placeholders.draw(spec), name="generated.jpg")
        photo.save()
        photos.append(photo)
    return photos
