import json

from django.db import models
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from .choices import StoryStatus

# How many of the newest stories sharing a tag "related stories" are chosen from.
RELATED_CANDIDATES = 200
# Fields a story card never shows, left out of lists.
CARD_DEFERRED = ("body", "body_html")


def published_q(prefix="", now=None):
    """The one visibility rule for stories, as a Q usable through relations.

    Published, with a publication time that has come, and not withdrawn (a withdrawn story has
    its own status, so it never matches).
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": StoryStatus.PUBLISHED, f"{prefix}published_at__lte": now})


def edition_in(language, story=""):
    """Published editions in ``language`` of the outer query's story: the original it translates,
    another translation of that original, or a translation of the story itself. ``story`` is the
    path from the outer query's rows to their story ("" when they are stories)."""
    from .models import Story

    return Story.objects.filter(
        published_q(),
        Q(pk=OuterRef(f"{story}translation_of_id"))
        | Q(translation_of_id=OuterRef(f"{story}translation_of_id"))
        | Q(translation_of_id=OuterRef(f"{story}pk")),
        language=language,
    )


def offered_in_q(language, story=""):
    """The rule of ``StoryQuerySet.for_language()`` as a Q usable through a relation: a condition
    on each row, so that a query through it can stop at its first rows (an ``IN`` of all the
    stories offered would read the whole archive first)."""
    return Q(**{f"{story}language": language}) | ~Exists(edition_in(language, story))


class StoryQuerySet(models.QuerySet):
    def published(self):
        """Only what a member of the public may see: every public surface starts here."""
        return self.filter(published_q())

    def for_language(self, language):
        """The stories a reader of the site in ``language`` is offered, each story once.

        Stories written in ``language``, and stories in another language that have no published
        edition in ``language`` (a reader of the Spanish site gets an English story until its
        Spanish edition is out, then the Spanish edition instead). Every list, feed and search
        of stories passes through here, after ``published()``.
        """
        return self.filter(offered_in_q(language))

    def leading(self):
        """Stories whose group of editions is marked as the lead story: marking the original
        marks its translations too, so the Spanish site leads with the Spanish edition."""
        from .models import Story

        marked_translation = Story.objects.filter(translation_of_id=OuterRef("pk"), featured=True)
        return self.filter(
            Q(featured=True) | Q(translation_of__featured=True) | Exists(marked_translation)
        )

    def published_or_scheduled(self):
        """Published stories whether or not their time has come: what readers see, or will see
        without anyone acting again. Staff-side rules use it (a photo such a story shows is
        guarded); public surfaces use ``published()``."""
        return self.filter(status=StoryStatus.PUBLISHED)

    def visible_to(self, user):
        """The stories a staff member works with: every story for those who review, their own
        for a writer. The story admin, its list and the desk all start here."""
        from .permissions import can_review

        if can_review(user):
            return self
        return self.filter(created_by=user)

    def free_slug(self, slug, exclude=None):
        """The first of "slug-2", "slug-3", … that no story holds (but ``exclude``), cut to fit
        the field; one query."""
        max_length = self.model._meta.get_field("slug").max_length
        taken = set(
            self.filter(slug__startswith=slug[: max_length - 12])
            .exclude(pk=exclude)
            .values_list("slug", flat=True)
        )
        number = 2
        while True:
            suffix = f"-{number}"
            candidate = slug[: max_length - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
            number += 1

    def scheduled(self):
        """Published stories whose publication time has not come yet."""
        return self.filter(status=StoryStatus.PUBLISHED, published_at__gt=timezone.now())

    def for_listing(self):
        """What a list of story cards shows: section and lead photo, newest first. Not the
        body, which a card never shows and which is most of a story's bytes."""
        return (
            self.select_related("section", "lead_photo")
            .defer(*CARD_DEFERRED)
            .order_by("-published_at", "-pk")
        )

    def for_detail(self):
        """Everything the story page shows, in a fixed number of queries; its links, programmes
        and awards come from ``links_programmes_and_awards()``."""
        return self.for_detail_row().prefetch_related(*detail_prefetches())

    def for_detail_row(self):
        """The story page's own row with its section, photo and publisher: ``for_detail()``
        without the related lists, which ``prefetch_for_detail()`` adds later."""
        return self.select_related("section", "lead_photo", "publisher")

    def for_feed(self):
        """What a feed entry carries, newest first; callers slice it to the feed's length.
        The original of a translation comes along for the entry's id (``story_guid()``)."""
        return (
            self.select_related("section", "lead_photo", "publisher", "translation_of")
            .defer("translation_of__body", "translation_of__body_html")
            .prefetch_related(tagged_items_prefetch(), "corrections")
            .order_by("-published_at", "-pk")
        )

    def last_changed(self):
        """When any story in this queryset last changed publicly or went public, in one query.

        Counts the last public change of every status (``public_changed_at``), so that
        withdrawing or unpublishing a story moves the date of the feeds and lists it leaves,
        while saving a draft moves nothing; a scheduled story counts from its time. Index scans
        that each stop at their first row, however many stories there are (an aggregate would
        read them all).
        """
        newest_public = (
            self.filter(published_q()).order_by("-published_at").values("published_at")[:1]
        )
        newest_change = (
            self.filter(public_changed_at__isnull=False)
            .order_by("-public_changed_at")
            .values("public_changed_at")[:1]
        )
        row = (
            self.model._default_manager.annotate(
                changed=Subquery(newest_change), went_public=Subquery(newest_public)
            )
            .values("changed", "went_public")
            .order_by()
            .first()
        )
        return latest(row["changed"], row["went_public"]) if row else None

    def with_page_changes(self):
        """Annotate each story with what its page's freshness depends on; read it back with
        ``page_last_changed(story)``.

        A story page also shows its officers, its photo and the newest stories (related stories),
        so a change to any of them changes the page. Correlated subqueries that each stop at
        their first row, so the story's own row needs no grouping.
        """
        from people.models import Officer

        from .models import Quote

        manager = self.model._default_manager
        return self.annotate(
            officers_changed=Subquery(
                Officer.objects.filter(stories=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
            speakers_changed=Subquery(
                Quote.objects.filter(story=OuterRef("pk"), officer__isnull=False)
                .order_by("-officer__updated_at")
                .values("officer__updated_at")[:1]
            ),
            site_edited=Subquery(
                manager.filter(public_changed_at__isnull=False)
                .order_by("-public_changed_at")
                .values("public_changed_at")[:1]
            ),
            site_went_public=Subquery(
                manager.filter(published_q()).order_by("-published_at").values("published_at")[:1]
            ),
        )

    def next_publication(self):
        """When the next scheduled story goes public, or None: until then ``published()`` cannot
        change by itself. The instance mirror is ``story.is_scheduled()``."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def went_public_by_the_clock(self, since):
        """The moments, from ``since`` on, at which stories went or go public without a save:
        scheduled stories, whose time had not come when they were last saved. A story published
        at once is saved after its time (``updated_at`` is the later), and is not among them."""
        return (
            self.filter(status=StoryStatus.PUBLISHED, published_at__gt=since)
            .filter(published_at__gt=F("updated_at"))
            .order_by("published_at")
            .values_list("published_at", flat=True)
        )

    def related_to(self, story, language, limit=3, candidates=RELATED_CANDIDATES):
        """Published stories for readers in ``language`` sharing the most tags with ``story``,
        newest first among equals; never another edition of ``story`` itself.

        Chosen among the newest ``candidates`` stories that share a tag at all: a popular tag
        is carried by thousands of stories, and counting shared tags across all of them would
        slow the page down as the archive grows. One query: the ranking groups story numbers
        only, and the page's columns are read for the few winners, not for every candidate.
        """
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import TaggedItem

        tag_ids = [tag.pk for tag in story.tag_list]
        if not tag_ids:
            return self.none()
        original_id = story.translation_of_id or story.pk
        sharing_a_tag = (
            self.published()
            .for_language(language)
            .filter(tags__in=tag_ids)
            .exclude(pk=original_id)
            .exclude(translation_of_id=original_id)
        )
        newest_sharing = sharing_a_tag.order_by("-published_at", "-pk").values("pk")[:candidates]
        winners = (
            sharing_a_tag.filter(pk__in=newest_sharing)
            .values("pk")
            .annotate(shared_tags=Count("pk"))
            .order_by("-shared_tags", "-published_at", "-pk")
            .values("pk")[:limit]
        )
        shared_tags = (
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=OuterRef("pk"),
                tag__in=tag_ids,
            )
            .order_by()
            .values("object_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.filter(pk__in=winners)
            .annotate(shared_tags=Subquery(shared_tags))
            .order_by("-shared_tags", "-published_at", "-pk")
            .select_related("section", "lead_photo")
            .defer(*CARD_DEFERRED)
        )

    def mentioning(self, officer, language):
        return self.published().for_language(language).filter(officers=officer)


class ShareLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        """Links that open their story now: not revoked, not expired. The instance mirror is
        ``link.is_live()``."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


def latest(*moments):
    return max((moment for moment in moments if moment is not None), default=None)


def page_last_changed(story):
    """When the page of ``story``, read through ``with_page_changes()``, last changed."""
    return latest(
        story.public_changed_at,
        story.lead_photo.updated_at if story.lead_photo else None,
        story.officers_changed,
        story.speakers_changed,
        story.site_edited,
        story.site_went_public,
    )


def tagged_items_prefetch():
    """A story's tags with their translations, read as ``story.tag_list``: taggit's own
    prefetch (``"tags"``) cannot bring the translation along, this costs the same one query."""
    from taggit.models import TaggedItem

    return Prefetch(
        "tagged_items", queryset=TaggedItem.objects.select_related("tag", "tag__translation")
    )


def detail_prefetches():
    """The related lists the story page shows, one query each."""
    from people.models import Officer

    from .models import Quote

    return [
        tagged_items_prefetch(),
        "corrections",
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("officer", "officer__institution").order_by(
                "order", "pk"
            ),
        ),
        Prefetch("officers", queryset=Officer.objects.select_related("institution")),
    ]


def links_programmes_and_awards(story):
    """The story's further-information links, programmes, awards and media contacts, in one
    query.

    Four short lists the story page shows; one UNION instead of four round trips keeps the
    page within its budget of eight queries. Each row comes back as an instance of its model
    with what the page shows (the rest is deferred), links in their order, the others by name;
    programmes and awards with their Spanish names. A contact's details travel as one JSON
    text, since the other lists have no such columns.
    """
    from people.models import Award, MediaContact, Organisation, TrainingProgramme

    from .models import FurtherLink

    def rows(queryset, kind, title, title_es, target, position):
        return (
            queryset.order_by()
            .annotate(
                row_kind=Value(kind, output_field=CharField()),
                row_title=F(title),
                row_title_es=title_es,
                row_target=target if hasattr(target, "resolve_expression") else F(target),
                row_position=position,
            )
            .values_list(
                "row_kind", "pk", "row_title", "row_title_es", "row_target", "row_position"
            )
        )

    zero = Value(0, output_field=IntegerField())
    no_title = Value("", output_field=CharField())
    contact_details = Cast(
        JSONObject(
            role="role",
            email="email",
            phone="phone",
            languages="languages",
            organisation_id="organisation_id",
            organisation_name="organisation__name",
            organisation_name_es="organisation__name_es",
            organisation_acronym="organisation__acronym",
            organisation_website="organisation__website",
        ),
        output_field=TextField(),
    )
    union = rows(
        FurtherLink.objects.filter(story=story), "link", "label", no_title, "url", F("order")
    )
    union = union.union(
        rows(
            TrainingProgramme.objects.filter(stories=story),
            "programme",
            "name",
            F("name_es"),
            "slug",
            zero,
        ),
        rows(Award.objects.filter(stories=story), "award", "name", F("name_es"), "slug", zero),
        rows(
            MediaContact.objects.filter(stories=story),
            "contact",
            "name",
            no_title,
            contact_details,
            zero,
        ),
        all=True,
    )
    found = {"link": [], "programme": [], "award": [], "contact": []}
    for kind, pk, title, title_es, target, position in union:
        found[kind].append((position, title, pk, title_es, target))
    database = story._state.db
    named = ["id", "name", "name_es", "slug"]

    def contact(pk, name, details):
        details = json.loads(details)
        made = MediaContact.from_db(
            database,
            ["id", "name", *CONTACT_FIELDS],
            (pk, name, *(details[field] for field in CONTACT_FIELDS)),
        )
        if made.organisation_id is not None:
            made.organisation = Organisation.from_db(
                database,
                ["id", "name", "name_es", "acronym", "website"],
                (
                    made.organisation_id,
                    details["organisation_name"],
                    details["organisation_name_es"],
                    details["organisation_acronym"],
                    details["organisation_website"],
                ),
            )
        return made

    return {
        "links": [
            FurtherLink.from_db(database, ["id", "label", "url", "order"], (pk, title, url, order))
            for order, title, pk, _, url in sorted(found["link"], key=lambda row: (row[0], row[2]))
        ],
        "programmes": [
            TrainingProgramme.from_db(database, named, (pk, name, name_es, slug))
            for _, name, pk, name_es, slug in sorted(found["programme"])
        ],
        "awards": [
            Award.from_db(database, named, (pk, name, name_es, slug))
            for _, name, pk, name_es, slug in sorted(found["award"])
        ],
        "contacts": [
            contact(pk, name, details)
            for _, name, pk, _, details in sorted(
                found["contact"], key=lambda row: (row[1], row[2])
            )
        ],
    }


# The contact fields that travel in the JSON text of links_programmes_and_awards(), in the
# model's order, which is the order Model.from_db() takes values in.
CONTACT_FIELDS = ("role", "organisation_id", "email", "phone", "languages")


def prefetch_for_detail(story):
    """Complete a story read with ``for_detail_row()`` into what ``for_detail()`` gives."""
    prefetch_related_objects([story], *detail_prefetches())
    return story


def published_quotes_by(officer, language):
    """What ``officer`` said in the published stories offered in ``language``, newest story
    first, each with its story: a quotation is not repeated from a story's other edition."""
    from .models import Quote

    return (
        Quote.objects.filter(
            published_q("story__"), offered_in_q(language, "story__"), officer=officer
        )
        .select_related("story")
        .order_by("-story__published_at", "order", "pk")
    )


def public_tags():
    """Tags that at least one published story carries; a tag only drafts use stays unseen.

    A tag whose name has no letter or digit Django can put in an address (e.g. only emoji)
    gets an empty slug and has no page of its own. EXISTS stops at the first such story, so a
    tag carried by thousands costs no more than one.
    """
    from taggit.models import Tag

    from .models import Story

    return Tag.objects.filter(
        Exists(Story.objects.published().filter(tags=OuterRef("pk")))
    ).exclude(slug="")
