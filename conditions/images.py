"""Hero images: checked and re-encoded by Pillow into a few widths for `srcset`."""

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1600)
MAX_PIXELS = 50_000_000  # far above any camera's; refuses decompression bombs before decoding
MIN_WIDTH = 480
FORMAT = "WEBP"
CONTENT_TYPE = "image/webp"


@dataclass(frozen=True)
class Encoded:
    digest: str
    width: int
    height: int
    data: bytes


def encode_renditions(upload) -> list[Encoded]:
    """Decode an uploaded image fully and return its renditions, narrowest first.

    Raises ValidationError with a message for staff when the file is not a usable photo.
    Metadata (EXIF, GPS) is dropped because only pixels are re-encoded.
    """
    upload.seek(0)
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in {"JPEG", "PNG", "WEBP"}:
                raise ValidationError("Upload a JPEG, PNG or WebP photo.")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(f"This image is too large. Use one under {MAX_PIXELS // 1_000_000} megapixels.")
            probe.load()
            image = ImageOps.exif_transpose(probe).convert("RGB")
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("This file is not an image we can read. Upload a JPEG, PNG or WebP photo.") from error
    if image.width < MIN_WIDTH:
        raise ValidationError(f"This image is {image.width} pixels wide. Use one at least {MIN_WIDTH} wide.")

    digest = hashlib.sha256(raw).hexdigest()[:16]
    renditions = []
    for width in sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])}):
        height = round(image.height * width / image.width)
        buffer = io.BytesIO()
        image.resize((width, height), Image.Resampling.LANCZOS).save(buffer, FORMAT, quality=80)
        renditions.append(Encoded(digest, width, height, buffer.getvalue()))
    return renditions
