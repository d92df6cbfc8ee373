"""Filled-in follow-up and self-pay forms, and submissions saved through the service."""

import secrets


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
    return data


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
        "condition": "",
        "reason": "Shoulder pain when lifting",
        "wants_estimate": "yes",
        "privacy_acknowledged": "on",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return data


def make_follow_up(location, **overrides):
    from intake import services
    from intake.forms import FollowUpForm
    from notices.models import Notice, NoticeVersion

    form = FollowUpForm(follow_up_data(location, **overrides))
    assert form.is_valid(), form.errors
    submission, _ = services.submit_follow_up(
        data=form.cleaned_data,
        form_token=form.cleaned_data["form_token"],
        notice=NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES),
    )
    return submission


def make_self_pay(location, **overrides):
    from intake import services
    from intake.forms import SelfPayForm
    from notices.models import Notice, NoticeVersion

    form = SelfPayForm(self_pay_data(location, **overrides))
    assert form.is_valid(), form.errors
    submission, _ = services.submit_self_pay(
        data=form.cleaned_data,
        form_token=form.cleaned_data["form_token"],
        notice=NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES),
    )
    return submission
