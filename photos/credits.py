"""A photo as the press receives it: the stored picture at full size, with its caption, credit
and terms written into the file, and nothing else.

Picture desks read a photo's caption and credit from the file itself, in IPTC IIM (the
Photoshop resource block of a JPEG) or in XMP, which carries the IPTC Core properties. Both are
written, from the photo's own fields:

- caption: IIM Caption/Abstract and XMP ``dc:description``;
- credit: IIM Credit and Copyright Notice, XMP ``photoshop:Credit`` and ``dc:rights`` (the
  office writes the copyright holder in the credit: "© Photo Images / Hemera Technologies");
- source or licence: IIM Source and XMP ``xmpRights:UsageTerms``;
- alt text: XMP ``Iptc4xmpCore:AltTextAccessibility``; the headline of the story it goes with:
  IIM Headline and XMP ``photoshop:Headline``.

Stored photos carry no metadata (``photos.imaging`` strips it at upload); what a stored JPEG may
still hold besides the picture (JFIF, its colour profile, Adobe's colour transform) is kept, and
any other application block is dropped, so no GPS position or camera data can come back. A JPEG's
picture is not decoded or encoded again: the blocks are spliced into the file. A PNG is written
again losslessly; a WebP, which picture desks rarely take, becomes a high-quality JPEG.
"""

import io
import struct
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, PngImagePlugin

JPEG_QUALITY = 95
# The application blocks a stored JPEG may keep: JFIF (APP0), the ICC colour profile (APP2) and
# Adobe's colour transform (APP14), which decoders need to show the colours right.
KEPT_JPEG_BLOCKS = {0xE0, 0xE2, 0xEE}
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"
# IPTC IIM datasets (record 2). The standard's length limits for credit, source and copyright
# (32 and 128 bytes) are shorter than real credits, and the software picture desks use reads
# longer values: a credit is written whole rather than cut. A caption stays within its 2,000.
IIM_HEADLINE, IIM_CREDIT, IIM_SOURCE, IIM_COPYRIGHT, IIM_CAPTION = 105, 110, 115, 116, 120
IIM_CAPTION_LIMIT = 2000
# A dataset's length is two bytes, the highest bit of which marks an extended length.
IIM_LONGEST = 0x7FFF


@dataclass(frozen=True)
class PressFields:
    caption: str = ""
    credit: str = ""
    terms: str = ""
    alt_text: str = ""
    headline: str = ""

    @classmethod
    def of(cls, photo, *, caption="", headline=""):
        return cls(
            caption=caption or photo.caption,
            credit=photo.credit,
            terms=photo.source,
            alt_text=photo.alt_text,
            headline=headline,
        )


def credited_image(photo, fields):
    """The photo's stored picture with ``fields`` written in: (file extension, bytes)."""
    with photo.image.open("rb") as stored:
        original = stored.read()
    kind = Image.open(io.BytesIO(original)).format
    if kind == "JPEG":
        return "jpg", with_jpeg_blocks(original, fields)
    if kind == "PNG":
        return "png", png_with_xmp(original, fields)
    return "jpg", with_jpeg_blocks(as_jpeg(original), fields)


def with_jpeg_blocks(jpeg, fields):
    """``jpeg`` with its metadata blocks replaced by XMP and IPTC IIM ones made from ``fields``.

    Raises ValueError for bytes that are not a well-formed JPEG.
    """
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("Not a JPEG file.")
    kept, position = [], 2
    while True:
        if position + 4 > len(jpeg) or jpeg[position] != 0xFF:
            raise ValueError("A JPEG block is cut short or malformed.")
        marker = jpeg[position + 1]
        if marker == 0xFF:  # Fill bytes may pad the space between blocks.
            position += 1
            continue
        if marker == 0xDA:  # Start of scan: the picture itself, copied as it is.
            break
        (length,) = struct.unpack(">H", jpeg[position + 2 : position + 4])
        block = jpeg[position : position + 2 + length]
        is_metadata = 0xE0 <= marker <= 0xEF and marker not in KEPT_JPEG_BLOCKS
        if not is_metadata and marker != 0xFE:  # 0xFE: a comment, dropped with the rest.
            kept.append(block)
        position += 2 + length
    # JFIF must stay the first block; the new ones follow it.
    leading = [block for block in kept if block[1] == 0xE0]
    others = [block for block in kept if block[1] != 0xE0]
    new = [
        jpeg_block(0xE1, XMP_HEADER + xmp_packet(fields)),
        jpeg_block(0xED, PHOTOSHOP_HEADER + photoshop_iptc_resource(fields)),
    ]
    return b"".join([b"\xff\xd8", *leading, *new, *others, jpeg[position:]])


def jpeg_block(marker, payload):
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("The photo's caption and credit are too long to write into the file.")
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def png_with_xmp(png, fields):
    image = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(fields).decode())
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, icc_profile=image.info.get("icc_profile"))
    return out.getvalue()


def as_jpeg(data):
    image = Image.open(io.BytesIO(data))
    icc_profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, icc_profile=icc_profile)
    return out.getvalue()


def xmp_packet(fields):
    """An XMP packet with the IPTC Core properties of ``fields``; only those that are given."""

    def alternative(name, value):
        return (
            f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
            f"</rdf:Alt></{name}>"
        )

    properties = []
    if fields.caption:
        properties.append(alternative("dc:description", fields.caption))
    if fields.credit:
        properties.append(alternative("dc:rights", fields.credit))
        properties.append(f"<photoshop:Credit>{escape(fields.credit)}</photoshop:Credit>")
    if fields.terms:
        properties.append(alternative("xmpRights:UsageTerms", fields.terms))
    if fields.alt_text:
        properties.append(alternative("Iptc4xmpCore:AltTextAccessibility", fields.alt_text))
    if fields.headline:
        properties.append(f"<photoshop:Headline>{escape(fields.headline)}</photoshop:Headline>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">'
        f"{''.join(properties)}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    )
    return packet.encode()


def photoshop_iptc_resource(fields):
    """Photoshop's image resource 0x0404 holding an IPTC IIM block, as JPEG's APP13 carries it."""
    iim = iptc_iim(fields)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    return resource + iim + (b"\x00" if len(iim) % 2 else b"")


def iptc_iim(fields):
    # 1:90, the coded character set: UTF-8 (ESC % G), so accents survive.
    datasets = [dataset(1, 90, b"\x1b%G"), dataset(2, 0, b"\x00\x04")]
    for number, value, limit in (
        (IIM_HEADLINE, fields.headline, IIM_LONGEST),
        (IIM_CREDIT, fields.credit, IIM_LONGEST),
        (IIM_SOURCE, fields.terms, IIM_LONGEST),
        (IIM_COPYRIGHT, fields.credit, IIM_LONGEST),
        (IIM_CAPTION, fields.caption, IIM_CAPTION_LIMIT),
    ):
        if value:
            datasets.append(dataset(2, number, utf8_within(value, limit)))
    return b"".join(datasets)


def dataset(record, number, value):
    return bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value


def utf8_within(text, limit):
    """``text`` in UTF-8, cut at a character boundary to at most ``limit`` bytes (the XMP
    packet carries the whole text)."""
    return text.encode()[:limit].decode(errors="ignore").encode()
