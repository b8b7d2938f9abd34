"""Loads the demo story and everything it is about from the project's own data file.

Guarantees:
- Every object is found by its natural key (slug or unique name). What exists is left exactly as
  it is, so staff edits survive ``make run``; only what is missing is created, with its relations.
  Running the loader twice therefore changes nothing, and no photo is drawn twice.
- Everything happens in one transaction; if anything fails, nothing is kept, photo files included.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from articles.models import FurtherLink, Quote, Section, Story
from people.models import (
    Award,
    AwardConferral,
    Framework,
    Officer,
    Organisation,
    Participation,
    ReachFigure,
    Role,
    TrainingProgramme,
)
from photos.models import Photo

from . import placeholders

DATA_FILE = Path(__file__).with_name("morelia-2021.json")


class DemoDataError(Exception):
    """The demo data file is missing, unreadable or refers to something it does not define."""


@dataclass
class LoadReport:
    """What the loader created and what it found already present, by kind of object."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    story_urls: list = field(default_factory=list)

    def count(self, label, created):
        (self.created if created else self.present)[label] += 1

    def lines(self):
        labels = list(dict.fromkeys([*self.created, *self.present]))
        width = max((len(label) for label in labels), default=0)
        for label in labels:
            yield (
                f"{label.ljust(width)}  {self.created[label]} created, "
                f"{self.present[label]} already present"
            )


def read_data(path=DATA_FILE):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"The demo data file {path} does not exist.") from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DemoDataError(f"The demo data file {path} cannot be read: {error}") from error


def load_demo(path=DATA_FILE):
    """Create whatever part of the demo is missing; return a ``LoadReport``."""
    loader = _DemoLoader(read_data(path))
    try:
        with transaction.atomic():
            loader.load()
    except BaseException:
        # The rows are rolled back; the files the storage already wrote must go with them.
        loader.delete_written_files()
        raise
    return loader.report


class _DemoLoader:
    def __init__(self, data):
        self.data = data
        self.report = LoadReport()
        self.sections = {}
        self.organisations = {}
        self.roles = {}
        self.frameworks = {}
        self.officers = {}
        self.awards = {}
        self.programmes = {}
        self.stories = {}
        self.written_files = []

    def load(self):
        try:
            self._load_sections()
            self._load_organisations()
            self._load_roles()
            self._load_frameworks()
            self._load_officers()
            self._load_awards()
            self._load_programmes()
            self._load_stories()
        except KeyError as error:
            raise DemoDataError(
                f"The demo data file refers to {error.args[0]!r}, which it does not define, "
                "or lacks a required field of that name."
            ) from error
        except (TypeError, ValueError) as error:
            raise DemoDataError(
                f"The demo data file holds a value that cannot be used: {error}"
            ) from error

    def delete_written_files(self):
        for name in self.written_files:
            Photo._meta.get_field("image").storage.delete(name)

    def _ensure(self, model, label, lookups, values):
        """The first object matching one of ``lookups``; else a new one made from ``values``."""
        for lookup in lookups:
            existing = model.objects.filter(**lookup).first()
            if existing is not None:
                self.report.count(label, created=False)
                return existing, False
        created = model.objects.create(**values)
        self.report.count(label, created=True)
        return created, True

    def _load_sections(self):
        for entry in self.data["sections"]:
            section, _ = self._ensure(
                Section,
                "sections",
                # Both are unique: a section staff renamed or re-slugged is still found.
                [{"slug": entry["slug"]}, {"name": entry["name"]}],
                entry,
            )
            self.sections[entry["slug"]] = section

    def _load_organisations(self):
        for entry in self.data["organisations"]:
            organisation, _ = self._ensure(
                Organisation, "organisations", [{"slug": entry["slug"]}], entry
            )
            self.organisations[entry["slug"]] = organisation

    def _load_roles(self):
        for name in self.data["roles"]:
            self.roles[name], _ = self._ensure(Role, "roles", [{"name": name}], {"name": name})

    def _load_frameworks(self):
        for entry in self.data["frameworks"]:
            framework, _ = self._ensure(Framework, "frameworks", [{"name": entry["name"]}], entry)
            self.frameworks[entry["name"]] = framework

    def _load_officers(self):
        for entry in self.data["officers"]:
            values = {
                key: entry[key]
                for key in (
                    "slug",
                    "full_name",
                    "family_name",
                    "rank",
                    "state",
                    "municipality",
                    "biography",
                    "public_profile_consent",
                    "featured",
                )
            }
            values["institution"] = self.organisations[entry["institution"]]
            values["consent_recorded_at"] = _aware_datetime(entry["consent_recorded_at"])
            officer, created = self._ensure(Officer, "officers", [{"slug": entry["slug"]}], values)
            if created:
                officer.roles.set([self.roles[name] for name in entry["roles"]])
                if entry.get("photo"):
                    officer.photo = self._create_photo(entry["photo"])
                    officer.save(update_fields=["photo"])
            self.officers[entry["slug"]] = officer

    def _load_awards(self):
        for entry in self.data["awards"]:
            values = {**entry}
            values["awarding_organisation"] = self.organisations[entry["awarding_organisation"]]
            award, _ = self._ensure(Award, "awards", [{"slug": entry["slug"]}], values)
            self.awards[entry["slug"]] = award

    def _load_programmes(self):
        for entry in self.data["programmes"]:
            values = {
                key: entry[key]
                for key in (
                    "slug",
                    "name",
                    "name_es",
                    "short_name",
                    "short_name_es",
                    "description",
                    "start_year",
                    "featured",
                )
            }
            values["lead_organisation"] = self.organisations[entry["lead_organisation"]]
            programme, created = self._ensure(
                TrainingProgramme, "programmes", [{"slug": entry["slug"]}], values
            )
            if created:
                programme.partners.set([self.organisations[slug] for slug in entry["partners"]])
                programme.frameworks.set([self.frameworks[name] for name in entry["frameworks"]])
            self.programmes[entry["slug"]] = programme
            for figure in entry["reach"]:
                as_of = datetime.date.fromisoformat(figure["as_of"])
                self._ensure(
                    ReachFigure,
                    "reach figures",
                    [{"programme": programme, "metric": figure["metric"], "as_of": as_of}],
                    {**figure, "programme": programme, "as_of": as_of},
                )
            for participation in entry["participations"]:
                officer = self.officers[participation["officer"]]
                self._ensure(
                    Participation,
                    "participations",
                    [{"officer": officer, "programme": programme, "role": participation["role"]}],
                    {
                        "officer": officer,
                        "programme": programme,
                        "role": participation["role"],
                        "year": participation.get("year"),
                    },
                )

    def _load_stories(self):
        for entry in self.data["stories"]:
            values = {
                key: entry[key]
                for key in (
                    "slug",
                    "headline",
                    "standfirst",
                    "body",
                    "dateline_place",
                    "status",
                    "language",
                    "featured",
                )
            }
            values["section"] = self.sections[entry["section"]]
            values["publisher"] = self.organisations[entry["publisher"]]
            values["lead_photo_caption"] = entry.get("lead_photo_caption", "")
            # An edition in another language names its original, which comes before it in the file.
            if entry.get("translation_of"):
                values["translation_of"] = self.stories[entry["translation_of"]]
            values["published_at"] = _aware_datetime(entry["published_at"])
            values["dateline_date"] = datetime.date.fromisoformat(entry["dateline_date"])
            story, created = self._ensure(Story, "stories", [{"slug": entry["slug"]}], values)
            if created:
                self._complete_story(story, entry)
            self.stories[entry["slug"]] = story
            self.report.story_urls.append(story.get_absolute_url())
            for conferral in entry["conferrals"]:
                officer = self.officers[conferral["officer"]]
                award = self.awards[conferral["award"]]
                date = datetime.date.fromisoformat(conferral["date"])
                self._ensure(
                    AwardConferral,
                    "award conferrals",
                    [{"officer": officer, "award": award, "date": date}],
                    {
                        "officer": officer,
                        "award": award,
                        "date": date,
                        "citation": conferral["citation"],
                        "story": story,
                    },
                )

    def _complete_story(self, story, entry):
        """A new story's photo, tags, people, quotes and links: its parts, made with it."""
        if "lead_photo_of" in entry:
            # Editions of one story show the same photo, from the library, not a copy of it.
            story.lead_photo = self.stories[entry["lead_photo_of"]].lead_photo
        else:
            story.lead_photo = self._create_photo(entry["lead_photo"])
        story.save(update_fields=["lead_photo"])
        story.tags.add(*entry["tags"])
        story.officers.set([self.officers[slug] for slug in entry["officers"]])
        story.programmes.set([self.programmes[slug] for slug in entry["programmes"]])
        story.awards.set([self.awards[slug] for slug in entry["awards"]])
        Quote.objects.bulk_create(
            Quote(story=story, officer=self.officers[quote["officer"]], text=quote["text"], order=n)
            for n, quote in enumerate(entry["quotes"], start=1)
        )
        FurtherLink.objects.bulk_create(
            FurtherLink(story=story, label=link["label"], url=link["url"], order=n)
            for n, link in enumerate(entry["links"], start=1)
        )
        self.report.created["quotes"] += len(entry["quotes"])
        self.report.created["further-information links"] += len(entry["links"])

    def _create_photo(self, entry):
        photo = Photo(
            alt_text=entry["alt_text"],
            caption=entry["caption"],
            credit=entry["credit"],
            source=entry["source"],
        )
        # Saving re-encodes the image through photos.imaging, as it would any upload.
        photo.image = ContentFile(placeholders.draw(entry["placeholder"]), name="placeholder.jpg")
        photo.save()
        self.written_files.append(photo.image.name)
        self.report.count("photos", created=True)
        return photo


def _aware_datetime(value):
    """An ISO 8601 time with its UTC offset, e.g. '2021-01-12T10:00:00-06:00' (Mexico City)."""
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise DemoDataError(f"The time {value!r} in the demo data file needs a UTC offset.")
    return parsed
