"""What a subscription can follow, as the feeds define it: every story, a section, a public tag,
an officer who consented to a public profile, or a programme; and which subscriptions a story
matches."""

from django.db.models import Q
from django.utils.translation import gettext as _

from newsroom.translated import translated_name

from .models import Subscription

Kind = Subscription.Kind


def followable(kind, slug):
    """The object a sign-up form may follow, or ``None``: only what has a public feed."""
    from articles.models import Section
    from articles.querysets import public_tags
    from people.models import Officer, TrainingProgramme

    querysets = {
        Kind.SECTION: Section.objects.all(),
        Kind.TAG: public_tags(),
        Kind.OFFICER: Officer.objects.public(),
        Kind.PROGRAMME: TrainingProgramme.objects.all(),
    }
    if kind not in querysets or not slug:
        return None
    return querysets[kind].filter(slug=slug).first()


def label(kind, followed):
    """What a subscription follows, in the active language: "Stories tagged “Michoacán”"."""
    if kind == Kind.EVERYTHING or followed is None:
        return _("Every story")
    if kind == Kind.SECTION:
        return _("Stories in %(section)s") % {"section": translated_name(followed)}
    if kind == Kind.TAG:
        return _("Stories tagged “%(tag)s”") % {"tag": translated_name(followed)}
    if kind == Kind.OFFICER:
        return _("Stories about %(name)s") % {"name": followed.full_name}
    return _("Stories about %(name)s") % {"name": followed.translated_name}


def matching(story):
    """The subscriptions ``story`` belongs to, whatever their language: the same sets as the
    feeds that carry it (``articles.websub.feeds_of``)."""
    tag_ids = list(story.tags.values_list("pk", flat=True))
    officer_ids = list(story.officers.public().values_list("pk", flat=True))
    programme_ids = list(story.programmes.values_list("pk", flat=True))
    return Subscription.objects.active().filter(
        Q(kind=Kind.EVERYTHING)
        | Q(kind=Kind.SECTION, section_id=story.section_id)
        | Q(kind=Kind.TAG, tag_id__in=tag_ids)
        | Q(kind=Kind.OFFICER, officer_id__in=officer_ids)
        | Q(kind=Kind.PROGRAMME, programme_id__in=programme_ids)
    )


def in_edition(story, language):
    """Whether readers of ``language`` are given ``story`` (``Story.objects.for_language()``):
    it is public, and it is in their language or has no public edition in it."""
    from articles.models import Story

    return Story.objects.published().for_language(language).filter(pk=story.pk).exists()


def original_id(story):
    """Every edition of a story shares its original's number (as its feed entry does)."""
    return story.translation_of_id or story.pk
