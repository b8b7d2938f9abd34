"""Factories for test data: each builds a valid object with the fewest fields a test must name."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import FurtherLink, Quote, Section, Story
from people.models import (
    Award,
    AwardConferral,
    Framework,
    MediaContact,
    Officer,
    Organisation,
    Participation,
    ReachFigure,
    Role,
    TrainingProgramme,
)
from photos.models import Photo


def image_upload(name="photo.jpg", size=(64, 48), image_format="JPEG", color=(40, 90, 160)):
    """A real image file, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(image_upload)
    alt_text = "Two police officers in uniform holding framed certificates"
    caption = "Award recipients"
    credit = "© Photo Images / Hemera Technologies"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.MINISTRY


class MediaContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaContact

    name = factory.Sequence(lambda n: f"Press Officer {n}")
    role = "Communications Officer"
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.UN_AGENCY)
    email = factory.Sequence(lambda n: f"press{n}@example.org")
    phone = "+52 55 1234 5678"
    languages = "Spanish, English"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("name",)

    name = "Trainer"


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    full_name = factory.Sequence(lambda n: f"Officer Person {n}")
    slug = factory.Sequence(lambda n: f"officer-person-{n}")
    rank = "Officer"
    institution = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.POLICE_FORCE)
    state = "Michoacán de Ocampo"
    municipality = "Morelia"
    biography = "Trains fellow officers in assisting victims of gender-based violence."
    public_profile_consent = True

    class Params:
        without_consent = factory.Trait(public_profile_consent=False, consent_recorded_at=None)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = "News"
    slug = "news"


class StoryFactory(factory.django.DjangoModelFactory):
    """A published story by default; ``draft=True``, ``scheduled=True`` or ``withdrawn=True``."""

    class Meta:
        model = Story
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Officers recognised for their work, part {n}")
    slug = factory.Sequence(lambda n: f"officers-recognised-{n}")
    standfirst = "Two officers trained in the programme receive a state award."
    body = "<p>The officers were honoured for improving police assistance to victims.</p>"
    dateline_place = "Morelia (Mexico)"
    section = factory.SubFactory(SectionFactory)
    status = Story.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Story.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
        )
        withdrawn = factory.Trait(status=Story.Status.WITHDRAWN)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)

    @factory.post_generation
    def officers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.officers.add(*extracted)

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.programmes.add(*extracted)

    @factory.post_generation
    def awards(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.awards.add(*extracted)

    @factory.post_generation
    def media_contacts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.media_contacts.add(*extracted)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    story = factory.SubFactory(StoryFactory)
    officer = factory.SubFactory(OfficerFactory)
    text = "We work with human beings, who have feelings and need our support."
    order = factory.Sequence(lambda n: n)


class FurtherLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FurtherLink

    story = factory.SubFactory(StoryFactory)
    label = "UNODC in Mexico"
    url = "https://www.unodc.org/"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    name = factory.Sequence(lambda n: f"Social Merit Award {n}")
    slug = factory.Sequence(lambda n: f"social-merit-award-{n}")
    awarding_organisation = factory.SubFactory(OrganisationFactory)
    description = "Given to officers whose work has a positive impact on their community."


class AwardConferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardConferral

    officer = factory.SubFactory(OfficerFactory)
    award = factory.SubFactory(AwardFactory)
    date = datetime.date(2021, 1, 12)
    citation = "For enhancing police assistance to women and girls."


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("name",)

    name = "Women, Peace and Security Agenda"


class TrainingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    name = factory.Sequence(lambda n: f"Strengthening Programme {n}")
    short_name = "Strengthening Programme"
    slug = factory.Sequence(lambda n: f"strengthening-programme-{n}")
    description = "Trains first responders to assist women and girls who are victims of violence."
    start_year = 2017


class ReachFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachFigure

    programme = factory.SubFactory(TrainingProgrammeFactory)
    metric = ReachFigure.Metric.STATES
    value = 25
    as_of = datetime.date(2021, 1, 12)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    officer = factory.SubFactory(OfficerFactory)
    programme = factory.SubFactory(TrainingProgrammeFactory)
    role = Participation.Role.TRAINER
    year = 2019


def role_group(name):
    """The group of an editorial role ("Writer", "Editor", "Administrator").

    The roles migration creates them; a transactional test empties the database afterwards, so
    they are made again from the same migration when missing.
    """
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None:
        roles = importlib.import_module("articles.migrations.0006_editorial_roles")
        roles.create_roles(apps, None)
        photo_roles = importlib.import_module(
            "photos.migrations.0005_editors_change_photos_in_public_use"
        )
        photo_roles.grant(apps, None)
        importlib.import_module("accounts.migrations.0003_role_rules").create_rules(apps, None)
        group = Group.objects.get(name=name)
    return group


def joins_role(name):
    def join(user, create, extracted, **kwargs):
        if create:
            user.groups.add(role_group(name))

    return factory.PostGeneration(join)


class WriterFactory(UserFactory):
    """A staff account in the Writer role; ``EditorFactory`` and ``AdministratorFactory`` alike."""

    username = factory.Sequence(lambda n: f"writer{n}")
    is_staff = True
    role = joins_role("Writer")


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    role = joins_role("Editor")


class AdministratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"administrator{n}")
    is_staff = True
    role = joins_role("Administrator")


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Correction"

    story = factory.SubFactory(StoryFactory)
    kind = "correction"
    text = "An earlier version of this story gave the wrong year; the programme began in 2017."


class JournalistFactory(factory.django.DjangoModelFactory):
    """An accredited journalist who confirmed their address; ``pending=True`` for one who has
    only asked to join."""

    class Meta:
        model = "outreach.Journalist"

    name = factory.Sequence(lambda n: f"Reporter {n}")
    outlet = "La Voz de Michoacán"
    email = factory.Sequence(lambda n: f"reporter{n}@example.net")
    language = "en"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    consent_method = "join_form"
    consent_recorded_at = factory.LazyFunction(timezone.now)
    accredited_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(
            email_confirmed_at=None, consent_method="", consent_recorded_at=None, accredited_at=None
        )


class PressListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.PressList"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mexico national media {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.add(*extracted)


class ReaderFactory(factory.django.DjangoModelFactory):
    """A reader who confirmed their address; ``pending=True`` for one who has not yet."""

    class Meta:
        model = "readers.Reader"

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    language = "en"
    delivery = "immediate"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(confirmed_at=None)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription to every story; give ``kind`` and the followed object to follow
    one section, tag, officer or programme."""

    class Meta:
        model = "readers.Subscription"

    reader = factory.SubFactory(ReaderFactory)
    kind = "all"
    confirmed_at = factory.LazyFunction(timezone.now)
