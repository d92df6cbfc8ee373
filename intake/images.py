"""Card photos: judged by their content, fully decoded, turned upright and re-encoded.

Whatever a patient's phone sends (JPEG, PNG, WebP or HEIC), what we keep is a fresh JPEG
made from the decoded pixels alone: no EXIF, no GPS, no comments, nothing appended. Anything
else (other formats dressed up as photos, decompression bombs, truncated or doctored files)
is refused with a message the patient can act on.
"""

import contextlib
import io
import math
import os
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

OPENERS = ("JPEG", "PNG", "WEBP", "HEIF")  # Pillow's openers tried; no other decoder is ever run
FORMATS = (*OPENERS, "MPO")  # MPO: a JPEG with a second picture, as some phones make
MIN_SHORT_SIDE = 300  # smaller cannot be read
MIN_LONG_SIDE = 400
MAX_ASPECT = 4.0  # a card is about 1.6:1; a tall phone screenshot about 2.2:1
MAX_LONG_SIDE = 2400  # what we keep: sharp enough to read the smallest print on a card
JPEG_QUALITY = 85
PIXELS_PER_MEGAPIXEL = 1_000_000
# A zip archive ends with a 22-byte record, after at most a 64 KiB comment.
ZIP_TAIL_BYTES = 22 + 65_536

# The turn that sets a photo upright, by its EXIF orientation (as PIL.ImageOps.exif_transpose).
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
DECODER_NICENESS = 10

# Modes whose greys run past 8 bits: 16-bit PNGs ("I;16") and what Pillow makes of deeper data.
DEEP_GREY_MODES = {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}
# Premultiplied alpha, which Pillow converts only to its plain form.
PREMULTIPLIED_MODES = {"La": "LA", "RGBa": "RGBA"}

ACCEPTED = "Attach a photo in JPEG, PNG, WebP or HEIC format (what phone cameras make)."
# Marks of other file types hiding inside an image (polyglots), searched case-insensitively.
FOREIGN_MARKERS = (b"<script", b"<html", b"<svg", b"<body", b"<iframe", b"<!doctype", b"<?php", b"%pdf-", b"%!ps")


@dataclass(frozen=True)
class CardPhoto:
    jpeg: bytes
    width: int
    height: int


def _sniff(head: bytes) -> str | None:
    """The image type the first bytes announce, or None. The file name and declared type are ignored."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}:
        return "HEIF"
    return None


def _refuse_polyglots(raw: bytes, kind: str) -> None:
    lowered = raw.lower()
    if any(marker in lowered for marker in FOREIGN_MARKERS):
        raise ValidationError("This file has something other than a photo inside it. " + ACCEPTED, code="polyglot")
    tail = raw[-ZIP_TAIL_BYTES:]
    if b"PK\x05\x06" in tail and b"PK\x01\x02" in raw:
        raise ValidationError("This file has an archive hidden inside it. " + ACCEPTED, code="polyglot")
    if kind == "PNG" and not raw.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        raise ValidationError(
            "This file has data after the end of the picture, or the picture is cut short. " + ACCEPTED,
            code="polyglot",
        )


def process_card_photo(upload) -> CardPhoto:
    """Check an uploaded card photo and return it re-encoded; ValidationError says what is wrong."""
    max_bytes = settings.INTAKE_MAX_IMAGE_BYTES
    if upload.size == 0:
        raise ValidationError("The file you chose is empty. " + ACCEPTED, code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; the largest we accept is {filesizeformat(max_bytes)}. "
            "Take the photo again, or choose a smaller size in your camera settings.",
            code="too_large",
        )
    upload.seek(0)
    raw = upload.read()
    kind = _sniff(raw[:16])
    if kind is None:
        raise ValidationError("This file is not a photo we can use. " + ACCEPTED, code="format")
    _refuse_polyglots(raw, kind)

    unreadable = ValidationError(
        "We could not read this photo: the file may be damaged or only partly uploaded. " + ACCEPTED,
        code="unreadable",
    )
    max_pixels = settings.INTAKE_MAX_IMAGE_PIXELS
    too_many_pixels = ValidationError(
        f"This picture is too large (over {max_pixels // PIXELS_PER_MEGAPIXEL} megapixels). "
        "Take the photo again at your camera’s normal setting.",
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns (and, past twice its limit, refuses) on huge images; both are bombs here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw), formats=OPENERS) as image:
                if image.format not in FORMATS or (image.format == "MPO" and kind != "JPEG"):
                    raise ValidationError("This file is not a photo we can use. " + ACCEPTED, code="format")
                if image.format.replace("MPO", "JPEG") != kind:
                    raise unreadable
                width, height = image.size
                if width * height > max_pixels:
                    raise too_many_pixels
                if width < 1 or height < 1 or max(width, height) / min(width, height) > MAX_ASPECT:
                    raise ValidationError(
                        "This picture is too long and thin to be a photo of a card. "
                        "Take a photo of the whole card, filling most of the frame.",
                        code="shape",
                    )
                if min(width, height) < MIN_SHORT_SIDE or max(width, height) < MIN_LONG_SIDE:
                    raise ValidationError(
                        f"This picture is too small to read ({width} × {height} pixels). "
                        "Take a photo of the card that fills most of the frame.",
                        code="too_small",
                    )
                # In the decoding thread, one at a time and at low priority: see _decode_upright.
                pixels = _DECODER.submit(_decode_upright, image).result()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many_pixels from error
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, KeyError, IndexError, MemoryError) as error:
        raise unreadable from error

    # A new image holds pixels only: no EXIF, GPS, ICC, XMP or comments can come along.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CardPhoto(jpeg=buffer.getvalue(), width=clean.width, height=clean.height)


def _decode_upright(image: Image.Image) -> Image.Image:
    """Every pixel decoded (truncated or corrupt data fails here), as upright RGB no larger than we keep.

    A JPEG is decoded straight at 1/2, 1/4 or 1/8 scale when that still leaves MAX_LONG_SIDE
    (`draft`): a 24 MP photo costs a quarter of the memory and time. Other formats are decoded
    whole, then reduced by whole factors before the fine resize.

    It runs in the process's one decoding thread, at a lower priority than requests: a worker
    holds one full-size picture at a time (about 300 MB for a 24 MP PNG with transparency)
    however many requests its threads serve, and pages are served first while photos wait.
    """
    width, height = image.size
    scale = MAX_LONG_SIDE / max(width, height)
    if scale < 1:
        image.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))  # JPEG only
    image.load()
    turn = TURNS.get(image.getexif().get(ExifTags.Base.Orientation))  # after load: a PNG keeps EXIF at its end
    pixels = _flatten(image)
    if max(pixels.size) > MAX_LONG_SIDE:
        pixels.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=1.0)
    return pixels.transpose(turn) if turn is not None else pixels


def _lower_priority() -> None:
    """Linux sets a nice value per thread: this one yields the CPU to the threads serving pages."""
    with contextlib.suppress(AttributeError, OSError):  # elsewhere it runs at the usual priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DECODER_NICENESS)


_DECODER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="card-photo-decoder", initializer=_lower_priority)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels, whatever the mode: deep greys scaled to 8 bits, transparency laid on white."""
    if image.mode in DEEP_GREY_MODES:
        image = _eight_bit_grey(image)
    elif image.mode in PREMULTIPLIED_MODES:
        image = image.convert(PREMULTIPLIED_MODES[image.mode])
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def _eight_bit_grey(image: Image.Image) -> Image.Image:
    """A grey image of more than 8 bits as "L", scaled from its full range rather than clipped at 255
    (a 16-bit PNG's mid-grey is 32768: clipped, every pixel would be white)."""
    if image.mode.startswith("I;16"):
        full_scale = 65535
        image = image.convert("I")
    else:  # "I" (32-bit integers) or "F" (floats): the range is not in the mode, so judge it from the pixels
        low, high = image.getextrema()
        limits = (1.0, 255, 65535) if image.mode == "F" else (255, 65535)
        full_scale = next((limit for limit in limits if high <= limit), high)
    return image.point(lambda value: value * (255 / full_scale)).convert("L")
