"""The forms' "what brings you in" question stays small however many conditions the A to Z has."""

import pytest
from django.urls import reverse

from conditions.models import Condition
from intake.forms import NewPatientForm, SelfPayForm

from .factories import form_data, make_self_pay, make_submission, self_pay_data, with_photos
from .html import elements

pytestmark = pytest.mark.django_db

# Each form's page: the queries it makes first and once its empty form is kept, the same at 3,000 conditions
# as at none.
# Queries besides the content version on a first visit (each form test names them); a second
# visit reads the version alone: the empty form's page is kept.
FORMS = {"/new-patients/": 5, "/follow-up/": 6, "/self-pay/": 7}


def many_conditions(count: int) -> None:
    Condition.objects.bulk_create(
        Condition(
            title=f"Generated condition {n:05d}",
            slug=f"generated-{n:05d}",
            summary="A generated condition, for testing the forms at size.",
            status=Condition.Status.PUBLISHED,
            region=Condition.Region.values[n % len(Condition.Region.values)],
        )
        for n in range(count)
    )


@pytest.mark.parametrize("url", FORMS)
def test_each_form_stays_under_40_kb_and_its_query_count_with_3000_conditions(
    client, location, url, django_assert_num_queries, version_queries
):
    many_conditions(3000)
    for queries in (version_queries + FORMS[url], version_queries):
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.content) <= 40_000, len(response.content)
        assert "Generated condition" not in response.content.decode()


@pytest.mark.parametrize("url", ["/new-patients/", "/self-pay/"])
def test_the_body_areas_are_a_radio_list_that_needs_no_javascript(client, location, url):
    html = client.get(url).content.decode()
    radios = elements(html, "input", {"type": "radio", "name": "body_area"})
    assert [radio["value"] for radio in radios] == [*Condition.Region.values, ""]
    assert "Where is the problem?" in html and "Somewhere else, or I am not sure" in html


def test_the_chosen_body_area_is_saved_for_the_front_desk(location):
    assert make_submission(location, body_area="knee").get_body_area_display() == "Knee"
    assert make_self_pay(location, body_area="").body_area == ""


@pytest.mark.parametrize("form_class,data", [(NewPatientForm, form_data), (SelfPayForm, self_pay_data)])
def test_a_body_area_not_on_the_list_is_refused_with_a_message(location, form_class, data):
    answers = data(location, body_area="brain")
    if form_class is NewPatientForm:
        answers = with_photos(answers)
        files = {name: answers.pop(name) for name in ("card_front", "card_back")}
    else:
        files = None
    form = form_class(answers, files)
    assert not form.is_valid()
    assert form.errors["body_area"] == ["Select a valid choice. brain is not one of the available choices."]


def test_the_front_desk_sees_the_body_area_on_the_submission_and_its_print_sheet(client, location, front_desk):
    submission = make_submission(location, body_area="shoulder")
    client.force_login(front_desk)
    change = client.get(reverse("admin:intake_submission_change", args=[submission.pk])).content.decode()
    assert "Where the problem is" in change and "Shoulder" in change
    printed = client.get(reverse("admin:intake_submission_print", args=[submission.pk])).content.decode()
    assert "<dt>Where the problem is</dt><dd>Shoulder</dd>" in printed
