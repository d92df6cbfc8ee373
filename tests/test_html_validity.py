"""Every public page is valid HTML by the Nu Html Checker, as the server sends it."""

import pytest
from django.template.loader import render_to_string

from tests.checks import PUBLIC_PAGES, html_errors

pytestmark = pytest.mark.django_db


def test_public_pages_have_no_html_errors(client, seeded, tmp_path):
    documents = {url: client.get(url).content for url in [*PUBLIC_PAGES, "/conditions/?q=nothing-matches"]}
    documents["500"] = render_to_string("500.html").encode()
    documents["503"] = render_to_string("503.html").encode()
    assert html_errors(documents, tmp_path) == {}


def test_the_index_with_body_areas_and_a_search_has_no_html_errors(client, seeded, tmp_path):
    from conditions.models import Condition

    Condition.objects.create(title="Tennis Elbow", slug="tennis-elbow", summary="s", status="published", region="arm")
    documents = {url: client.get(url).content for url in ["/conditions/", "/conditions/?region=arm&q=tennis"]}
    assert "Where does it hurt?" in documents["/conditions/"].decode()
    assert html_errors(documents, tmp_path) == {}
