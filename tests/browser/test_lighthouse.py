"""Lighthouse at phone width: accessibility, best practices and SEO all 1.00 where patients land."""

import pytest

from tests.checks import lighthouse_scores

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("url", ["/", "/conditions/back-spasms/"])
def test_lighthouse_scores_the_landing_pages_one_on_a_phone(live_server, seeded, url, tmp_path):
    scores = lighthouse_scores(live_server.url + url, tmp_path)
    assert scores == {"accessibility": 1, "best-practices": 1, "seo": 1, "failing": []}
