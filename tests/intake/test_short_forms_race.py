"""Two copies of one follow-up or self-pay form sent at the same instant make one record."""

import threading

import pytest
from django.test import Client

from intake.models import Notification, Submission
from locations.models import Location

from .short_factories import follow_up_data, self_pay_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("url", "fill"), [("/follow-up/", follow_up_data), ("/self-pay/", self_pay_data)])
def test_a_double_click_sending_two_requests_at_once_makes_one_record(seeded, url, fill):
    data = fill(Location.objects.get(slug="chatham"))
    barrier = threading.Barrier(2)
    statuses = []

    def click():
        # The test client runs the whole request in this thread, on this thread's own connection.
        from django.db import connection

        barrier.wait(timeout=10)
        try:
            statuses.append(Client().post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    assert Submission.objects.count() == 1
    assert Notification.objects.filter(kind="staff").count() == 1
