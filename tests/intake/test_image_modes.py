"""Card photos in every mode Pillow reads are stored as they look: the stored picture (decrypted
and decoded) has the original's brightness and histogram, never a blank white or black page."""

import io

import pytest
from PIL import Image, ImageDraw, ImageStat

from intake.images import _flatten
from intake.models import CardImage

from .factories import form_data, jpeg_bytes, upload

pytestmark = pytest.mark.django_db

SIZE = (640, 400)


def gradient() -> Image.Image:
    """Greys from black to white across the card, with a dark band: a wide, uneven histogram."""
    image = Image.linear_gradient("L").rotate(90).resize(SIZE)
    ImageDraw.Draw(image).rectangle((40, 60, 600, 120), fill=20)
    return image


def colour() -> Image.Image:
    red, green = gradient(), gradient().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    blue = Image.new("L", SIZE, 90)
    return Image.merge("RGB", (red, green, blue))


def with_alpha(image: Image.Image) -> Image.Image:
    """Half the card transparent: it is laid on white."""
    alpha = Image.new("L", SIZE, 255)
    ImageDraw.Draw(alpha).rectangle((0, 200, 640, 400), fill=0)
    image = image.copy()
    image.putalpha(alpha)
    return image


def on_white(image: Image.Image) -> Image.Image:
    """What a transparent picture looks like on a white page, worked out apart from the code under test."""
    return Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA")).convert("RGB")


def sixteen_bit_grey() -> Image.Image:
    return gradient().convert("I").point(lambda value: value * 257).convert("I;16")


def palette_with_transparency() -> Image.Image:
    image = colour().convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    image.info["transparency"] = image.getpixel((5, 300))
    return image


# (mode name, the picture as a file a phone or computer could send, what it should look like)
FILES = {
    "1 (PNG)": (lambda: gradient().convert("1"), "PNG", lambda image: image.convert("L")),
    "L (PNG)": (gradient, "PNG", lambda image: image),
    "L (JPEG)": (gradient, "JPEG", lambda image: image),
    "LA (PNG)": (lambda: with_alpha(gradient()), "PNG", on_white),
    "I;16 (16-bit PNG)": (sixteen_bit_grey, "PNG", lambda image: gradient()),
    "P (PNG)": (lambda: colour().convert("P", palette=Image.Palette.ADAPTIVE), "PNG", lambda image: image),
    "P with transparency (PNG)": (palette_with_transparency, "PNG", on_white),
    "RGB (PNG)": (colour, "PNG", lambda image: image),
    "RGB (JPEG)": (colour, "JPEG", lambda image: image),
    "RGB (WebP)": (colour, "WEBP", lambda image: image),
    "RGBA (PNG)": (lambda: with_alpha(colour()), "PNG", on_white),
    "RGBA (WebP)": (lambda: with_alpha(colour()), "WEBP", on_white),
    "CMYK (JPEG)": (lambda: colour().convert("CMYK"), "JPEG", lambda image: image.convert("RGB")),
}


def assert_looks_alike(stored: Image.Image, expected: Image.Image) -> None:
    """Same brightness per channel (within JPEG's rounding) and nearly the same grey histogram."""
    expected = expected.convert("RGB").resize(stored.size)
    stored = stored.convert("RGB")
    for ours, theirs in zip(ImageStat.Stat(stored).mean, ImageStat.Stat(expected).mean, strict=True):
        assert abs(ours - theirs) < 4, (ImageStat.Stat(stored).mean, ImageStat.Stat(expected).mean)
    assert histogram_distance(stored, expected) < 0.08


def histogram_distance(one: Image.Image, other: Image.Image) -> float:
    """Half the L1 distance between grey histograms in 16 bins: 0 the same, 1 nothing in common."""

    def bins(image):
        counts = image.convert("L").histogram()
        grouped = [sum(counts[start : start + 16]) for start in range(0, 256, 16)]
        return [count / sum(grouped) for count in grouped]

    return sum(abs(a - b) for a, b in zip(bins(one), bins(other), strict=True)) / 2


@pytest.mark.parametrize("name", list(FILES))
def test_a_card_photo_in_each_mode_is_stored_as_it_looks(client, location, name):
    make, file_format, looks_like = FILES[name]
    original = make()
    buffer = io.BytesIO()
    original.save(buffer, file_format, **({"quality": 95} if file_format in {"JPEG", "WEBP"} else {}))
    with Image.open(io.BytesIO(buffer.getvalue())) as sent:
        assert sent.mode == name.split(" ")[0], "the file does not carry the mode under test"
    data = {
        **form_data(location),
        "card_front": upload(buffer.getvalue(), f"card.{file_format.lower()}", f"image/{file_format.lower()}"),
        "card_back": upload(jpeg_bytes(), "back.jpg"),
    }
    response = client.post("/new-patients/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    stored = Image.open(io.BytesIO(CardImage.objects.get(side="front").jpeg()))
    assert stored.format == "JPEG" and stored.mode == "RGB"
    assert_looks_alike(stored, looks_like(original))


# Modes no phone's file format carries (Pillow makes them from TIFF, PSD and the like, or in
# memory), converted by the same step the uploads go through.
IN_MEMORY = {
    "I": (lambda: gradient().convert("I").point(lambda value: value * 257), gradient),
    "I (8-bit range)": (lambda: gradient().convert("I"), gradient),
    "F (0 to 1)": (lambda: gradient().convert("F").point(lambda value: value / 255), gradient),
    "F (0 to 255)": (lambda: gradient().convert("F"), gradient),
    "I;16B": (lambda: sixteen_bit_grey().convert("I").convert("I;16B"), gradient),
    "PA": (lambda: with_alpha(colour().convert("P")), lambda: on_white(with_alpha(colour().convert("P")))),
    "La": (lambda: with_alpha(gradient()).convert("La"), lambda: on_white(with_alpha(gradient()))),
    "RGBa": (lambda: with_alpha(colour()).convert("RGBa"), lambda: on_white(with_alpha(colour()))),
    "YCbCr": (lambda: colour().convert("YCbCr"), colour),
    "LAB": (lambda: colour().convert("LAB"), colour),
    "HSV": (lambda: colour().convert("HSV"), colour),
}


@pytest.mark.parametrize("name", list(IN_MEMORY))
def test_every_other_mode_pillow_reads_converts_to_what_it_looks_like(name):
    make, expected = IN_MEMORY[name]
    image = make()
    assert image.mode == name.split(" ")[0]
    flat = _flatten(image)
    assert flat.mode == "RGB"
    assert_looks_alike(flat, expected())


def test_the_comparison_would_see_a_blank_page():
    """The check above fails for what 16-bit PNGs used to become."""
    with pytest.raises(AssertionError):
        assert_looks_alike(Image.new("RGB", SIZE, "white"), gradient())
