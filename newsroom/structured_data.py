"""schema.org JSON-LD for public pages, built from what the page already loaded.

Only public things are described: officers without consent never appear as a Person.
"""

from django.conf import settings
from django.templatetags.static import static

from .canonical import absolute_url
from .translated import site_publisher_name, translated_name, translated_value

SCHEMA = "https://schema.org"


def publisher():
    return {
        "@type": "Organization",
        "name": site_publisher_name(),
        "url": settings.NEWSROOM_BASE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/publisher-logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def organization(org, contacts=()):
    """An Organization, with a ``contactPoint`` for each of its media contacts given: where
    schema.org readers look for whom the press may ask."""
    data = {"@type": "Organization", "name": translated_name(org)}
    if org.acronym:
        data["alternateName"] = org.acronym
    if org.website:
        data["url"] = org.website
    if contacts:
        data["contactPoint"] = [contact_point(contact) for contact in contacts]
    return data


def contacts_by_organisation(organisations):
    """The media contacts of ``organisations``, by organisation id, in one query."""
    from people.models import MediaContact

    ids = {org.pk for org in organisations if org is not None}
    grouped = {}
    if ids:
        for contact in MediaContact.objects.filter(organisation_id__in=ids).order_by("name", "pk"):
            grouped.setdefault(contact.organisation_id, []).append(contact)
    return grouped


def contact_point(contact):
    data = {"@type": "ContactPoint", "contactType": "media relations", "name": contact.name}
    if contact.email:
        data["email"] = contact.email
    if contact.phone:
        data["telephone"] = contact.phone
    languages = [part.strip() for part in contact.languages.split(",") if part.strip()]
    if languages:
        data["availableLanguage"] = languages
    return data


def image_object(photo):
    file = photo.syndicated_file
    return {
        "@type": "ImageObject",
        "url": absolute_url(file.url),
        "width": file.width,
        "height": file.height,
        "caption": photo.caption or photo.alt_text,
        "creditText": photo.credit,
    }


def person_reference(officer):
    data = {
        "@type": "Person",
        "name": officer.full_name,
        "url": absolute_url(officer.get_absolute_url()),
    }
    if officer.rank:
        data["jobTitle"] = officer.rank
    return data


def news_article(story, contacts=()):
    """NewsArticle for a story page; expects ``Story.objects.for_detail()`` prefetches, and
    the story's media contacts with their organisations."""
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.standfirst,
        "url": absolute_url(story.get_absolute_url()),
        "mainEntityOfPage": absolute_url(story.get_absolute_url()),
        "datePublished": story.published_at.isoformat(),
        "dateModified": story.updated_at.isoformat(),
        "inLanguage": story.language,
        "articleSection": translated_name(story.section),
        "keywords": [translated_name(tag) for tag in story.tag_list],
        "author": {"@type": "Organization", "name": story.publisher_name},
        "publisher": publisher(),
    }
    # Each media contact is a contactPoint of the organisation they work for: the author's
    # (the organisation that speaks for the story: its publisher, or one of the same name when
    # the site publishes it), or another that answers for it beside it.
    own, others = [], {}
    for contact in contacts:
        if contact.organisation_id in (None, story.publisher_id) or (
            translated_name(contact.organisation) == story.publisher_name
        ):
            own.append(contact)
        else:
            others.setdefault(contact.organisation_id, [contact.organisation, []])[1].append(
                contact
            )
    if own:
        data["author"]["contactPoint"] = [contact_point(contact) for contact in own]
    if others:
        data["contributor"] = [organization(org, found) for org, found in others.values()]
    if story.lead_photo:
        data["image"] = [image_object(story.lead_photo)]
    if story.dateline_place:
        data["locationCreated"] = {"@type": "Place", "name": story.dateline_place}
    mentions = [
        person_reference(officer) for officer in story.officers.all() if officer.is_public()
    ]
    if mentions:
        data["mentions"] = mentions
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.created_at.isoformat(),
        }
        for note in story.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    return data


def person(officer):
    """Person for a public officer profile; expects ``Officer.objects.for_profile()``."""
    data = {"@context": SCHEMA, **person_reference(officer)}
    if officer.institution:
        contacts = contacts_by_organisation([officer.institution])
        data["worksFor"] = organization(
            officer.institution, contacts.get(officer.institution_id, ())
        )
    if officer.biography:
        data["description"] = officer.biography
    if officer.photo:
        data["image"] = absolute_url(officer.photo.syndicated_file.url)
    if officer.place:
        data["workLocation"] = {"@type": "Place", "name": officer.place}
    awards = [translated_name(conferral.award) for conferral in officer.conferrals.all()]
    if awards:
        data["award"] = awards
    return data


def programme(programme):
    """EducationalOccupationalProgram for a programme page; expects ``for_page()``."""
    data = {
        "@context": SCHEMA,
        "@type": "EducationalOccupationalProgram",
        "name": translated_name(programme),
        "description": programme.description,
        "url": absolute_url(programme.get_absolute_url()),
    }
    if programme.short_name:
        data["alternateName"] = translated_value(programme, "short_name") or programme.short_name
    if programme.start_year:
        data["startDate"] = str(programme.start_year)
    lead = programme.lead_organisation
    partner_organisations = list(programme.partners.all())
    contacts = contacts_by_organisation([lead, *partner_organisations])
    partners = [organization(org, contacts.get(org.pk, ())) for org in partner_organisations]
    if lead:
        data["provider"] = organization(lead, contacts.get(lead.pk, ()))
    elif partners:
        data["provider"] = partners
    if partners:
        data["funder"] = partners
    return data


def award_page(award):
    return {
        "@context": SCHEMA,
        "@type": "Thing",
        "name": translated_name(award),
        "description": award.description,
        "url": absolute_url(award.get_absolute_url()),
    }


def website():
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": settings.NEWSROOM_BASE_URL + "/",
        "publisher": publisher(),
    }
