"""Test data for intake: real photos made by Pillow, the three forms filled in, and submissions saved
through the services as the forms save them."""

import io
import secrets
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

CANARY = "Zq9canaryX7"

# EXIF tags: GPSInfo IFD, Make, Model, ImageDescription, Orientation.
GPS_IFD = 0x8825
MAKE, MODEL, DESCRIPTION, ORIENTATION = 0x010F, 0x0110, 0x010E, 0x0112


def card_image(width: int = 1600, height: int = 1000, color=(30, 90, 160)) -> Image.Image:
    """A picture that looks enough like a card: a coloured rectangle with some 'print' on it."""
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 10, height // 5, width * 9 // 10, height * 2 // 5), fill=(240, 240, 240))
    draw.text((width // 8, height // 4), "MEMBER ID 123", fill=(0, 0, 0))
    return image


def exif_with_gps(orientation: int = 1, secret: str = "") -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "TestPhone"
    exif[MODEL] = "Camera 12"
    exif[DESCRIPTION] = secret or "card photo"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (40.0, 44.0, 54.36)
    gps[3] = "W"
    gps[4] = (73.0, 59.0, 8.5)
    return exif


def jpeg_bytes(width: int = 1600, height: int = 1000, *, gps: bool = True, orientation: int = 1, **kwargs) -> bytes:
    buffer = io.BytesIO()
    extra = {"exif": exif_with_gps(orientation, kwargs.pop("secret", ""))} if gps else {}
    card_image(width, height, **kwargs).save(buffer, "JPEG", quality=90, **extra)
    return buffer.getvalue()


def image_bytes(fmt: str, width: int = 1200, height: int = 800, **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    image = card_image(width, height)
    if fmt in {"GIF", "BMP", "ICO", "TIFF", "EPS", "PNG", "WEBP"}:
        image = image.convert("RGB")
    image.save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(data: bytes, name: str = "card.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# How long ago the factories' forms were shown: a person takes longer than the bots' limit.
FILLED_IN_SECONDS = 60


def as_filled_in(data: dict) -> dict:
    """`data` with the signed stamp of a form shown a minute ago, as a person's browser sends it back."""
    from intake.abuse import STARTED_FIELD, started_stamp

    data.setdefault(STARTED_FIELD, started_stamp(data["form_token"], at=time.time() - FILLED_IN_SECONDS))
    return data


def form_data(location, *, token: str | None = None, **overrides) -> dict:
    """A new-patient form as a patient would fill it in."""
    data = {
        "form_token": token or secrets.token_urlsafe(32),
        "first_name": "Maria",
        "last_name": "Lopez",
        "date_of_birth": "1985-03-14",
        "phone": "(973) 555-0147",
        "email": "maria@example.com",
        "address_line1": "12 Elm Street",
        "address_line2": "",
        "city": "Chatham",
        "state": "NJ",
        "zip_code": "07928",
        "preferred_contact": "phone",
        "location": str(location.pk),
        "body_area": "",
        "reason": "Lower back pain since March",
        "injury": "none",
        "carrier": "Aetna",
        "member_id": "W123456789",
        "group_number": "GRP-0042",
        "relationship": "self",
        "holder_name": "",
        "holder_date_of_birth": "",
        "secondary_carrier": "",
        "secondary_member_id": "",
        "secondary_group_number": "",
        "privacy_acknowledged": "on",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return as_filled_in(data)


def with_photos(data: dict, front: bytes | None = None, back: bytes | None = None) -> dict:
    return {
        **data,
        "card_front": upload(front if front is not None else jpeg_bytes(), "front.jpg"),
        "card_back": upload(back if back is not None else jpeg_bytes(color=(160, 40, 40)), "back.jpg"),
    }


def follow_up_data(location, *, token: str | None = None, **overrides) -> dict:
    """A follow-up request as a returning patient would fill it in."""
    data = {
        "form_token": token or secrets.token_urlsafe(32),
        "first_name": "James",
        "last_name": "Okafor",
        "date_of_birth": "1979-11-02",
        "phone": "(973) 555-0162",
        "email": "james@example.com",
        "location": str(location.pk),
        "preferred_times": "Weekday mornings",
        "note": "Saw Dana in October; the knee is sore again",
        "privacy_acknowledged": "on",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return as_filled_in(data)


def self_pay_data(location, *, token: str | None = None, **overrides) -> dict:
    """A self-pay registration as a new client would fill it in."""
    data = {
        "form_token": token or secrets.token_urlsafe(32),
        "first_name": "Priya",
        "last_name": "Shah",
        "date_of_birth": "1990-05-21",
        "phone": "(203) 555-0175",
        "email": "priya@example.com",
        "address_line1": "4 Old Kings Highway",
        "address_line2": "",
        "city": "Darien",
        "state": "CT",
        "zip_code": "06820",
        "preferred_contact": "email",
        "location": str(location.pk),
        "preferred_times": "Tuesday or Thursday after 4 PM",
        "body_area": "",
        "reason": "Shoulder pain when lifting",
        "wants_estimate": "yes",
        "privacy_acknowledged": "on",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return as_filled_in(data)


def _saved(form, submit):
    """What the view does with a valid form: save it through its service."""
    from notices.models import Notice, NoticeVersion

    assert form.is_valid(), form.errors
    submission, _ = submit(
        data=form.cleaned_data,
        form_token=form.cleaned_data["form_token"],
        notice=NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES),
    )
    return submission


def make_submission(location, **overrides):
    """A new-patient submission, with its card photos."""
    from intake import services
    from intake.forms import NewPatientForm

    data = with_photos(form_data(location, **overrides))
    files = {name: data.pop(name) for name in ("card_front", "card_back")}
    return _saved(NewPatientForm(data, files), services.submit_new_patient)


def make_follow_up(location, **overrides):
    from intake import services
    from intake.forms import FollowUpForm

    return _saved(FollowUpForm(follow_up_data(location, **overrides)), services.submit_follow_up)


def make_self_pay(location, **overrides):
    from intake import services
    from intake.forms import SelfPayForm

    return _saved(SelfPayForm(self_pay_data(location, **overrides)), services.submit_self_pay)
