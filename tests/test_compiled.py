"""Lookups compiled once per process (clinic_site.compiled) give what their querysets give."""

from datetime import date

import pytest

from clinic_site.compiled import CompiledQuery
from conditions.models import Condition, Rendition, Section

pytestmark = pytest.mark.django_db


def test_a_compiled_lookup_returns_what_its_queryset_returns_on_every_call():
    condition = Condition.objects.create(
        title="Sciatica",
        slug="sciatica",
        summary="Pain along the sciatic nerve.",
        status=Condition.Status.PUBLISHED,
        last_reviewed=date(2026, 1, 2),
        review_details_are_sample=True,
    )
    other = Condition.objects.create(title="Hip Pain", slug="hip-pain", summary="Pain in the hip.")
    Section.objects.create(condition=condition, position=2, heading="Second", is_sample=True)
    Section.objects.create(condition=condition, position=1, heading="First")
    Section.objects.create(condition=other, position=1, heading="Another page's")
    sections = CompiledQuery(lambda pk: Section.objects.filter(condition=pk))
    by_slug = CompiledQuery(lambda slug: Condition.objects.filter(slug=slug))

    for _ in range(2):  # the SQL is made on the first call and reused on the second
        found = sections(condition.pk)
        assert [(s.pk, s.heading, s.is_sample) for s in found] == [
            (s.pk, s.heading, s.is_sample) for s in Section.objects.filter(condition=condition)
        ]
        assert [s.heading for s in found] == ["First", "Second"]  # the model's ordering
        assert [s.heading for s in sections(other.pk)] == ["Another page's"]

    (fetched,) = by_slug("sciatica")
    expected = Condition.objects.get(slug="sciatica")
    # The columns are converted as a queryset converts them: dates, aware times, booleans.
    assert fetched.last_reviewed == date(2026, 1, 2)
    assert fetched.published_at == expected.published_at and fetched.published_at.tzinfo is not None
    assert fetched.review_details_are_sample is True
    assert fetched.is_live
    assert by_slug("no-such-page") == []


def test_a_lookup_with_another_parameter_is_refused():
    # published() compares with the clock: compiled once, it would keep its first "now".
    live = CompiledQuery(lambda slug: Condition.objects.published().filter(slug=slug))
    with pytest.raises(ValueError, match="only parameter"):
        live("sciatica")


def test_a_deferred_column_is_left_for_later_as_a_queryset_leaves_it():
    condition = Condition.objects.create(title="Sciatica", slug="sciatica", summary="Pain.")
    Rendition.objects.bulk_create(
        Rendition(condition=condition, digest="0123456789abcdef", width=w, height=w // 2, data=bytes([w % 256]))
        for w in (960, 480)
    )
    renditions = CompiledQuery(lambda pk: Rendition.objects.filter(condition=pk).defer("data"))

    found = renditions(condition.pk)

    assert [(r.width, r.height) for r in found] == [(480, 240), (960, 480)]
    assert all(r.get_deferred_fields() == {"data"} for r in found)
    assert bytes(found[0].data) == bytes([480 % 256])  # read when asked, as a queryset's would be
    assert not found[0]._state.adding and found[0]._state.db == "default"


def test_a_lookup_reading_another_models_columns_is_refused():
    with_condition = CompiledQuery(lambda pk: Section.objects.filter(condition=pk).select_related("condition"))
    with pytest.raises(ValueError, match="own columns"):
        with_condition(1)
