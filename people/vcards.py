"""Media contacts as vCards (RFC 6350, version 3.0 for the widest support), for journalists'
address books: one card per contact in a story's press kit.

vobject writes the cards, folding long lines and escaping commas, semicolons and line breaks as
the format requires; a name or role typed with those characters still makes a valid card.
"""

import vobject


def vcard(contact):
    """The vCard of ``contact`` (a ``MediaContact``), as text."""
    card = vobject.vCard()
    card.add("fn").value = contact.name
    card.add("n").value = vobject.vcard.Name(family=contact.name)
    if contact.role:
        card.add("title").value = contact.role
    if contact.organisation_id:
        card.add("org").value = [contact.organisation.name]
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "WORK"
    if contact.phone:
        phone = card.add("tel")
        phone.value = contact.phone
        phone.type_param = "WORK"
    if contact.languages:
        card.add("note").value = contact.languages
    return card.serialize()


def vcard_file_name(contact):
    """A file name for the card that every operating system accepts."""
    safe = "".join(character if character.isalnum() else "-" for character in contact.name)
    return f"{'-'.join(part for part in safe.split('-') if part) or 'contact'}-{contact.pk}.vcf"
