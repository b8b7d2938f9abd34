"""Real image files crafted the way cameras, phones and attackers make them, and readers of the
bytes that come back, for the photo tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

# What a leak would look like in the stored bytes.
PLACE = "Refugio Morelia, Calle Secreta 12"
LEAK_MARKERS = [
    b"Exif\x00\x00",
    b"PhoneMaker",
    b"http://ns.adobe.com/xap/1.0/",
    b"Photoshop 3.0",
    b"8BIM",
    b"ICC_PROFILE",
    b"Morelia",
    b"Secreta",
    b"taken at the shelter",
]
# The markers above that only a camera, a phone or a place could have put in a file: what a photo
# handed to the press, which carries XMP and IPTC blocks of its own, must still never hold.
PHONE_LEAKS = [marker for marker in LEAK_MARKERS if marker not in (
    b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0", b"8BIM", b"ICC_PROFILE"
)]  # fmt: skip

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    b'exif:GPSLatitude="19,42.12N" exif:GPSLongitude="101,11.05W" '
    b'photoshop:City="Morelia" photoshop:Location="Calle Secreta 12"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (19.0, 42.0, 7.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (101.0, 11.0, 3.0),
    }
    return exif


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo_like(size=(1600, 1000)):
    """Pixels that differ across the frame each way, so crops and resizes show where they fell
    (a flat colour tells nothing); smooth, so they encode quickly."""
    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    rings = Image.radial_gradient("L").resize(size)
    return Image.merge("RGB", [across, down, rings])


def iptc_segment(city=PLACE):
    """An APP13 "Photoshop 3.0" segment holding an IPTC record with a city, as news agencies
    and Photoshop write it."""
    value = city.encode()
    iptc = b"\x1c\x02\x5a" + struct.pack(">H", len(value)) + value
    resource = b"8BIM" + b"\x04\x04" + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_everything(size=(1600, 1000), orientation=1, trailer=b""):
    """A JPEG with EXIF (maker, orientation, GPS), XMP with a location, an IPTC block naming a
    place, a comment and a colour profile; ``trailer`` is appended after the image's end, as a
    phone's "motion photo" appends a video."""
    buffer = io.BytesIO()
    photo_like(size).save(
        buffer,
        "JPEG",
        exif=exif_with_gps(orientation),
        xmp=XMP,
        comment=b"taken at the shelter",
        icc_profile=srgb_profile(),
    )
    data = buffer.getvalue()
    data = data[:2] + iptc_segment() + data[2:] + trailer
    for marker in (b"GPS", b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0", b"ICC_PROFILE"):
        assert marker in data, f"the crafted JPEG lacks {marker!r}, so the test would prove nothing"
    return data


def png_with_text(size=(800, 600), mode="RGB"):
    """A PNG whose text chunks (tEXt, zTXt, iTXt) and eXIf chunk give a location."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", PLACE)
    info.add_text("Comment", "taken at the shelter", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=False)
    buffer = io.BytesIO()
    image = photo_like(size).convert(mode)
    image.save(buffer, "PNG", pnginfo=info, exif=exif_with_gps(), icc_profile=srgb_profile())
    data = buffer.getvalue()
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"} <= set(png_chunks(data))
    return data


def webp_with_metadata(size=(800, 600)):
    buffer = io.BytesIO()
    photo_like(size).save(
        buffer, "WEBP", exif=exif_with_gps(), xmp=XMP, icc_profile=srgb_profile(), quality=90
    )
    data = buffer.getvalue()
    assert {b"EXIF", b"XMP ", b"ICCP"} <= set(webp_chunks(data))
    return data


def heavy_jpeg():
    """A real JPEG of about 1.8 MB: sensor noise at full quality does not compress."""
    return encoded(Image.effect_noise((1200, 1000), 64).convert("RGB"), "JPEG", quality=100)


def upload(data, name="IMG_0001.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def encoded(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def png_claiming_size(width, height):
    """A few hundred bytes of PNG whose header claims an enormous canvas."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + (png_chunk(b"IEND", b""))
    )


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def sixteen_bit_grey_png(value, size=(40, 30)):
    return encoded(Image.new("I;16", size, value), "PNG")


# Reading what was stored


def jpeg_markers(data):
    """The markers of a JPEG's segments up to the image data, e.g. [0xD8, 0xE0, 0xDB, ...]."""
    assert data[:2] == b"\xff\xd8"
    markers, offset = [0xD8], 2
    while offset < len(data):
        assert data[offset] == 0xFF
        marker = data[offset + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            return markers
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        offset += 2 + length
    return markers


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def webp_chunks(data):
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        chunks.append(kind)
        offset += 8 + length + (length % 2)
    return chunks


def metadata_in(data):
    """Every metadata container found in an image file's structure, by name; [] when clean."""
    found = [marker.decode("latin-1") for marker in LEAK_MARKERS if marker in data]
    if data[:2] == b"\xff\xd8":
        found += [f"APP{m - 0xE0}" for m in jpeg_markers(data) if 0xE1 <= m <= 0xEF]
        found += ["COM" for m in jpeg_markers(data) if m == 0xFE]
        if not data.endswith(b"\xff\xd9"):
            found.append("data after the end of the image")
    elif data[:4] == b"RIFF":
        found += [
            kind.decode() for kind in webp_chunks(data) if kind in {b"EXIF", b"XMP ", b"ICCP"}
        ]
    else:
        allowed = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
        found += [kind.decode() for kind in png_chunks(data) if kind not in allowed]
    return found
