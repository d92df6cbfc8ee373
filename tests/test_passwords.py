"""Passwords made of one repeated character, or of the person's own name, are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

User = get_user_model()


def refusals(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


REPEATED = (
    "Your password must use at least 5 different characters, and no one character may make up more than half of it."
)


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "aaaaaaaaaaa1", "aaaaaaabcdef", "abababababab", "abcdabcdabcd", "1111111111112"]
)
def test_repeated_characters_are_refused(password):
    assert REPEATED in refusals(password)


@pytest.mark.parametrize("password", ["violet harbour kettle 73", "Tr0ub4dor&3xyz", "zyxwvutsrqpo"])
def test_varied_passwords_pass(password):
    assert refusals(password, User(username="frontdesk", first_name="Maria", last_name="Lopez")) == []


@pytest.fixture
def maria():
    return User(username="mlopez", first_name="María", last_name="López Ortega")


@pytest.mark.parametrize(
    ("password", "part"),
    [
        ("MariaLopez2026", "lopez"),
        ("maria-sunrise-88", "maria"),
        ("sunrise ORTEGA 88!", "ortega"),
        ("blue-MLOPEZ-harbor", "mlopez"),
    ],
)
def test_passwords_with_the_persons_name_are_refused(maria, password, part):
    assert f"Your password must not contain your name or username (it contains “{part}”)." in refusals(password, maria)


def test_short_name_parts_are_not_held_against_a_password():
    al = User(username="al", first_name="Al", last_name="Li")
    assert refusals("always blue harbor 7", al) == []


def test_the_rules_are_listed_where_passwords_are_set():
    from django.contrib.auth.password_validation import password_validators_help_texts

    texts = password_validators_help_texts()
    assert "Your password must not contain your name or username." in texts
    assert REPEATED in texts


@pytest.mark.django_db
def test_the_admin_refuses_setting_such_a_password(admin_client):
    person = User.objects.create_user("mlopez", first_name="Maria", last_name="Lopez", is_staff=True)
    url = f"/admin/auth/user/{person.pk}/password/"
    response = admin_client.post(url, {"password1": "MariaLopez2026", "password2": "MariaLopez2026"})
    assert response.status_code == 200
    assert "Your password must not contain your name or username (it contains “lopez”)." in response.content.decode()
    person.refresh_from_db()
    assert not person.has_usable_password()
    response = admin_client.post(url, {"password1": "aaaaaaaaaaaa", "password2": "aaaaaaaaaaaa"})
    assert REPEATED in response.content.decode()
    response = admin_client.post(
        url, {"password1": "violet harbour kettle 73", "password2": "violet harbour kettle 73"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("violet harbour kettle 73")
