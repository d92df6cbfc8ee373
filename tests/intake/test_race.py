"""Two copies of one form sent at the same instant (a double click) make one record and one alert."""

import threading

import pytest
from django.db import connection
from django.test import Client

from intake.models import Notification, Submission
from locations.models import Location

from .factories import follow_up_data, form_data, self_pay_data, with_photos

pytestmark = pytest.mark.django_db(transaction=True)


def two_copies(url: str, location) -> list[dict]:
    """The same filled-in form as each of two requests sends it (each with its own copy of the photos)."""
    if url == "/new-patients/":
        data = form_data(location)
        return [with_photos(data), with_photos(data)]
    data = (follow_up_data if url == "/follow-up/" else self_pay_data)(location)
    return [data, data]


@pytest.mark.parametrize("url", ["/new-patients/", "/follow-up/", "/self-pay/"])
def test_a_double_click_sending_two_requests_at_once_makes_one_record(seeded, url):
    copies = two_copies(url, Location.objects.get(slug="chatham"))
    barrier = threading.Barrier(len(copies))
    statuses = []

    def click(data):
        # The test client runs the whole request in this thread, on this thread's own connection.
        barrier.wait(timeout=10)
        try:
            statuses.append(Client().post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(data,)) for data in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    assert Submission.objects.count() == 1
    assert Notification.objects.filter(kind="staff").count() == 1
