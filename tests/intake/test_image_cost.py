"""Card photos cost bounded work: 24 megapixels (what phones make) at most, a JPEG decoded
straight at the size we keep, one full-size decode at a time per process."""

import io
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from django.conf import settings
from PIL import Image

from intake import images
from intake.images import process_card_photo

from .factories import card_image, upload

# 6000 × 4000: a 24 MP phone camera's photo. 6124 × 4083 is just over 25 MP.
PHONE_24MP = (6000, 4000)
OVER_25MP = (6124, 4083)


def png(size) -> bytes:
    buffer = io.BytesIO()
    card_image(*size).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_cap_is_24_megapixels():
    assert settings.INTAKE_MAX_IMAGE_PIXELS == 24_000_000


def test_a_24_megapixel_photo_is_taken_and_kept_at_2400_pixels():
    photo = process_card_photo(upload(png(PHONE_24MP), "card.png", "image/png"))
    assert (photo.width, photo.height) == (2400, 1600)
    with Image.open(io.BytesIO(photo.jpeg)) as stored:
        # The card's light band and dark print survive the reduction.
        assert stored.getpixel((1200, 500))[0] > 200 and stored.getpixel((1200, 100))[2] > 120


def test_a_25_megapixel_photo_is_refused_with_a_message_before_decoding():
    data = png(OVER_25MP)
    assert OVER_25MP[0] * OVER_25MP[1] > 25_000_000
    with pytest.raises(Exception) as refused:
        process_card_photo(upload(data, "card.png", "image/png"))
    assert refused.value.code == "too_many_pixels"
    assert "over 24 megapixels" in refused.value.messages[0]


MEASURE = textwrap.dedent(
    """
    import os, sys
    os.environ["DEBUG"] = "true"
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings"
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from intake.images import process_card_photo

    def kib(field):
        for line in open("/proc/self/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])

    upload = SimpleUploadedFile("card.jpg", open(sys.argv[1], "rb").read())
    before = kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # start the peak (VmHWM) afresh from here
    process_card_photo(upload)
    print((kib("VmHWM") - before) // 1024)
    """
)


def test_a_24_megapixel_jpeg_is_decoded_at_a_reduced_scale(tmp_path):
    """Decoded whole, the photo's processing peaks at about 150 MB more memory (its pixels alone are
    72 MB); drafted at half size, at about 56 MB (measured on this machine, Pillow 13)."""
    path = tmp_path / "card.jpg"
    card_image(*PHONE_24MP).save(path, "JPEG", quality=90)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    grew_mb = int(done.stdout.strip().splitlines()[-1])
    assert grew_mb < 100, f"peak memory grew by {grew_mb} MB"


def test_one_full_size_decode_at_a_time_per_process():
    """Three threads with a photo each: each waits for the one before, so memory holds one picture."""
    data = png(PHONE_24MP)
    inside, most = [0], [0]
    original = images._flatten

    def counting(image):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        try:
            return original(image)
        finally:
            inside[0] -= 1

    images._flatten = counting
    try:
        threads = [
            threading.Thread(target=process_card_photo, args=(upload(data, "c.png", "image/png"),)) for _ in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        images._flatten = original
    assert most[0] == 1


def test_photos_are_decoded_at_a_lower_priority_than_pages():
    decoder_niceness = images._DECODER.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert decoder_niceness.result() == os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) + 10
