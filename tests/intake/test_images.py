"""Card photos are judged by their content, fully decoded, turned upright and stripped of metadata."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from intake.images import process_card_photo

from .factories import GPS_IFD, card_image, image_bytes, jpeg_bytes, upload


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int, height: int) -> bytes:
    """A real 1-bit PNG of width × height pixels that compresses to a few kilobytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    parts = []
    for _ in range(height):
        parts.append(compressor.compress(row))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def jpeg_header_bomb(width: int, height: int) -> bytes:
    """A JPEG whose header claims width × height pixels (the data is a small real image's)."""
    data = bytearray(jpeg_bytes(400, 300, gps=False))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def refused(data: bytes, name: str = "card.jpg", content_type: str = "image/jpeg") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_card_photo(upload(data, name, content_type))
    return caught.value


def stored_metadata(jpeg: bytes) -> dict:
    with Image.open(io.BytesIO(jpeg)) as image:
        return {"format": image.format, "exif": dict(image.getexif()), "info": dict(image.info)}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_phone_camera_formats_are_accepted_and_re_encoded_as_jpeg(fmt):
    photo = process_card_photo(upload(image_bytes(fmt, 1200, 800), "IMG_0001.bin", "application/octet-stream"))
    assert (photo.width, photo.height) == (1200, 800)
    assert stored_metadata(photo.jpeg)["format"] == "JPEG"


def test_gps_and_all_other_metadata_are_stripped():
    original = jpeg_bytes(secret="Zq9canaryX7")
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(GPS_IFD), "the test photo should carry GPS data"
    photo = process_card_photo(upload(original))
    meta = stored_metadata(photo.jpeg)
    assert meta["exif"] == {}
    assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & set(meta["info"])
    assert b"Exif" not in photo.jpeg and b"Zq9canaryX7" not in photo.jpeg and b"TestPhone" not in photo.jpeg


def test_a_sideways_phone_photo_is_turned_upright():
    # Orientation 6: the camera was turned; the stored pixels are 1000 wide, 1600 tall once upright.
    photo = process_card_photo(upload(jpeg_bytes(1600, 1000, orientation=6)))
    assert (photo.width, photo.height) == (1000, 1600)


def test_huge_photos_are_scaled_down_for_storage():
    photo = process_card_photo(upload(jpeg_bytes(4032, 3024, gps=False)))
    assert max(photo.width, photo.height) == 2400


def test_transparent_png_is_laid_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (800, 500), (0, 0, 0, 0)).save(buffer, "PNG")
    photo = process_card_photo(upload(buffer.getvalue(), "card.png", "image/png"))
    with Image.open(io.BytesIO(photo.jpeg)) as image:
        assert image.getpixel((10, 10))[0] > 240


def eps_bytes() -> bytes:
    buffer = io.BytesIO()
    card_image(600, 400).save(buffer, "EPS")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.class", b"\xca\xfe\xba\xbe")
    return buffer.getvalue()


def jpeg_with_comment(comment: bytes) -> bytes:
    data = jpeg_bytes(gps=False)
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


HOSTILE = {
    # other formats dressed as a .jpg with an image/jpeg type
    "html": (b"<!doctype html><html><script>alert(1)</script></html>", "format"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>', "format"),
    "pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "format"),
    "eps": (eps_bytes, "format"),
    "tiff": (lambda: image_bytes("TIFF"), "format"),
    "bmp": (lambda: image_bytes("BMP"), "format"),
    "gif": (lambda: image_bytes("GIF"), "format"),
    "ico": (lambda: image_bytes("ICO", 256, 256), "format"),
    "text": (b"member id 12345, please call me", "format"),
    # broken
    "empty": (b"", "empty"),
    "truncated jpeg": (lambda: jpeg_bytes(gps=False)[:6000], "unreadable"),
    "truncated png": (lambda: image_bytes("PNG")[:-2000], "polyglot"),
    "header only": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "unreadable"),
    # too big, too small, too odd
    "100 megapixel bomb": (lambda: png_bomb(10_000, 10_000), "too_many_pixels"),
    "400 megapixel bomb": (lambda: png_bomb(20_000, 20_000), "too_many_pixels"),
    "400 megapixel jpeg header": (lambda: jpeg_header_bomb(20_000, 20_000), "too_many_pixels"),
    "absurd dimensions": (lambda: png_bomb(60_000, 40), "shape"),
    "tiny": (lambda: jpeg_bytes(120, 80, gps=False), "too_small"),
    # polyglots
    "jpeg + html": (lambda: jpeg_bytes(gps=False) + b"<html><script>alert(1)</script></html>", "polyglot"),
    "jpeg with script comment": (lambda: jpeg_with_comment(b"<script>alert(1)</script>"), "polyglot"),
    "jpeg + zip (gifar)": (lambda: jpeg_bytes(gps=False) + zip_bytes(), "polyglot"),
    "png + trailing data": (lambda: image_bytes("PNG") + b"trailing payload", "polyglot"),
    "jpeg + pdf": (lambda: jpeg_bytes(gps=False) + b"%PDF-1.4 trailer", "polyglot"),
    "jpeg + php": (lambda: jpeg_bytes(gps=False) + b"<?php system($_GET['c']); ?>", "polyglot"),
}


def hostile_bytes(name: str) -> bytes:
    data = HOSTILE[name][0]
    return data() if callable(data) else data


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_and_broken_files_are_refused_with_a_message(name):
    error = refused(hostile_bytes(name))
    assert error.code == HOSTILE[name][1]
    assert error.messages[0].endswith(".") and len(error.messages[0]) > 30


def test_over_the_size_cap_is_refused_before_decoding(settings):
    settings.INTAKE_MAX_IMAGE_BYTES = 50_000
    error = refused(jpeg_bytes(3000, 2000, gps=False))
    assert error.code == "too_large"
    assert "largest we accept is 48.8" in error.messages[0]


def test_a_png_declared_as_jpeg_is_judged_by_its_content():
    photo = process_card_photo(upload(image_bytes("PNG"), "card.jpg", "image/jpeg"))
    assert stored_metadata(photo.jpeg)["format"] == "JPEG"
