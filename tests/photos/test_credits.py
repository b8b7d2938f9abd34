"""A photo handed to the press carries its caption, credit and terms in the file, in IPTC IIM
and XMP, and still nothing of where or with what it was taken.

Each test writes the fields into a stored photo and reads the bytes back as a picture desk's
software would.
"""

import io
import xml.etree.ElementTree as ElementTree

import pytest
from PIL import Image, IptcImagePlugin

from photos.credits import PressFields, credited_image
from tests.photos.crafted import (
    PHONE_LEAKS,
    jpeg_markers,
    jpeg_with_everything,
    png_with_text,
    upload,
    webp_with_metadata,
)

pytestmark = pytest.mark.django_db

FIELDS = PressFields(
    caption="Award recipients, Officer Alejandra Ruíz Ortiz and Officer Gerardo Daniel Duarte",
    credit="© Photo Images / Hemera Technologies",
    terms="Editorial use with the story only",
    alt_text="Two police officers in uniform holding framed certificates",
    headline="Officers trained by UNODC receive the Social Merit Award",
)
XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}


def xmp_of(image):
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if isinstance(packet, bytes):
        packet = packet.decode()
    start, end = packet.index("<x:xmpmeta"), packet.index("<?xpacket end")
    return ElementTree.fromstring(packet[start:end])


def xmp_text(root, path):
    return root.find(f".//{path}", XMP_NAMESPACES).text


def scan_data(jpeg):
    return jpeg[jpeg.index(b"\xff\xda") :]


def test_a_jpeg_carries_its_caption_credit_and_terms_in_xmp(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    extension, data = credited_image(photo, FIELDS)
    root = xmp_of(Image.open(io.BytesIO(data)))
    assert extension == "jpg"
    assert xmp_text(root, "dc:description/rdf:Alt/rdf:li") == FIELDS.caption
    assert xmp_text(root, "dc:rights/rdf:Alt/rdf:li") == FIELDS.credit
    assert xmp_text(root, "photoshop:Credit") == FIELDS.credit
    assert xmp_text(root, "xmpRights:UsageTerms/rdf:Alt/rdf:li") == FIELDS.terms
    assert xmp_text(root, "Iptc4xmpCore:AltTextAccessibility/rdf:Alt/rdf:li") == FIELDS.alt_text
    assert xmp_text(root, "photoshop:Headline") == FIELDS.headline


def test_a_jpeg_carries_its_caption_and_credit_in_iptc_iim_with_accents_intact(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    _, data = credited_image(photo, FIELDS)
    iptc = IptcImagePlugin.getiptcinfo(Image.open(io.BytesIO(data)))
    assert iptc[(2, 120)].decode() == FIELDS.caption
    assert iptc[(2, 110)].decode() == FIELDS.credit
    assert iptc[(2, 116)].decode() == FIELDS.credit
    assert iptc[(2, 105)].decode() == FIELDS.headline
    assert iptc[(1, 90)] == b"\x1b%G"


def test_a_jpeg_picture_is_not_encoded_again(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    with photo.image.open("rb") as stored:
        original = stored.read()
    _, data = credited_image(photo, FIELDS)
    assert scan_data(data) == scan_data(original)


def test_a_credited_photo_still_says_nothing_of_where_or_with_what_it_was_taken(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    _, data = credited_image(photo, FIELDS)
    assert [leak for leak in PHONE_LEAKS if leak in data] == []
    assert Image.open(io.BytesIO(data)).getexif() == {}
    # JFIF, then the two blocks written here: XMP (APP1) and IPTC (APP13); no others.
    assert [marker for marker in jpeg_markers(data) if 0xE1 <= marker <= 0xEF] == [0xE1, 0xED]


def test_markup_in_a_caption_stays_text_in_the_xmp(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    caption = 'Officers <b>honoured</b> & "thanked"]]></x:xmpmeta>'
    _, data = credited_image(photo, PressFields(caption=caption))
    root = xmp_of(Image.open(io.BytesIO(data)))
    assert xmp_text(root, "dc:description/rdf:Alt/rdf:li") == caption


def test_a_png_carries_xmp_and_keeps_every_pixel(saved_photo):
    photo = saved_photo(image=upload(png_with_text(), "scan.png", "image/png"))
    extension, data = credited_image(photo, FIELDS)
    credited = Image.open(io.BytesIO(data))
    with photo.image.open("rb") as stored:
        original = Image.open(io.BytesIO(stored.read()))
    assert extension == "png"
    assert xmp_text(xmp_of(credited), "photoshop:Credit") == FIELDS.credit
    assert credited.tobytes() == original.convert(credited.mode).tobytes()


def test_a_webp_is_handed_out_as_a_jpeg_with_its_credits(saved_photo):
    photo = saved_photo(image=upload(webp_with_metadata(), "photo.webp", "image/webp"))
    extension, data = credited_image(photo, FIELDS)
    credited = Image.open(io.BytesIO(data))
    assert extension == "jpg"
    assert credited.format == "JPEG"
    assert credited.size == (photo.width, photo.height)
    assert IptcImagePlugin.getiptcinfo(credited)[(2, 120)].decode() == FIELDS.caption


def test_a_long_caption_is_cut_within_iptc_at_a_character_boundary(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    caption = "Oficial Ruíz " * 400
    _, data = credited_image(photo, PressFields(caption=caption))
    iptc = IptcImagePlugin.getiptcinfo(Image.open(io.BytesIO(data)))
    assert caption.startswith(iptc[(2, 120)].decode())
    assert len(iptc[(2, 120)]) <= 2000
    assert xmp_text(xmp_of(Image.open(io.BytesIO(data))), "dc:description/rdf:Alt/rdf:li") == (
        caption
    )


def test_fields_left_empty_are_not_written(saved_photo):
    photo = saved_photo(image=upload(jpeg_with_everything()))
    _, data = credited_image(photo, PressFields(credit="UNODC"))
    iptc = IptcImagePlugin.getiptcinfo(Image.open(io.BytesIO(data)))
    assert (2, 120) not in iptc
    assert iptc[(2, 110)] == b"UNODC"
