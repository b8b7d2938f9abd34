"""Media contacts as vCards that address books read back as they were typed."""

import pytest
import vobject

from people.vcards import vcard, vcard_file_name
from tests.factories import MediaContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def read_back(contact):
    return vobject.readOne(vcard(contact))


def test_a_card_carries_the_name_role_organisation_email_and_phone():
    contact = MediaContactFactory(
        name="María López",
        role="Communications Officer",
        organisation=OrganisationFactory(name="UNODC Liaison and Partnership Office in Mexico"),
        email="press@example.org",
        phone="+52 55 1234 5678",
    )
    card = read_back(contact)
    assert card.fn.value == "María López"
    assert card.title.value == "Communications Officer"
    assert card.org.value == ["UNODC Liaison and Partnership Office in Mexico"]
    assert card.email.value == "press@example.org"
    assert card.tel.value == "+52 55 1234 5678"


def test_commas_semicolons_and_line_breaks_survive_the_card():
    contact = MediaContactFactory(name="López; María", role="Press, Mexico\nand Central America")
    card = read_back(contact)
    assert card.fn.value == "López; María"
    assert card.title.value == "Press, Mexico\nand Central America"


def test_a_card_leaves_out_what_was_not_given():
    card = read_back(MediaContactFactory(email="", organisation=None, languages=""))
    assert "email" not in card.contents
    assert "org" not in card.contents
    assert "note" not in card.contents


def test_a_card_file_name_is_safe_on_every_system():
    contact = MediaContactFactory(name="María / López: prensa?")
    assert vcard_file_name(contact) == f"María-López-prensa-{contact.pk}.vcf"
