"""Writes that do several things at once. Views call these; nothing else writes submissions."""

import logging
from collections.abc import Callable
from functools import partial

from django.db import IntegrityError, transaction
from django.views.decorators.debug import sensitive_variables

from locations.hours import clinic_today
from notices.models import NoticeVersion

from . import crypto, notifications
from .images import CardPhoto
from .models import CardImage, InsurancePolicy, Submission

logger = logging.getLogger(__name__)

REFERENCE_TRIES = 5
SUBMISSION_FIELDS = (
    *("first_name", "last_name", "date_of_birth", "phone", "email"),
    *("address_line1", "address_line2", "city", "state", "zip_code", "preferred_contact"),
    *("location", "condition", "reason", "doctor_referral", "has_prescription", "injury", "consent_to_contact"),
)


@sensitive_variables()
def submit_new_patient(
    *, data: dict, photos: dict[str, CardPhoto], form_token: str, notice: NoticeVersion | None
) -> tuple[Submission, bool]:
    """Save a new-patient submission, its card images and its notifications in one transaction.

    Returns (submission, created). A form sent twice (double click, back button, replay)
    carries the same one-time token, so the second time returns the first submission.
    Emails go after the commit; if the mail server is down they wait in the outbox.
    """
    return _submit(form_token, partial(_create, data=data, photos=photos, form_token=form_token, notice=notice))


@sensitive_variables()
def submit_follow_up(*, data: dict, form_token: str, notice: NoticeVersion | None) -> tuple[Submission, bool]:
    """Save a follow-up request and its notifications, as `submit_new_patient` does."""
    return _submit(form_token, partial(_create_follow_up, data=data, form_token=form_token, notice=notice))


@sensitive_variables()
def submit_self_pay(*, data: dict, form_token: str, notice: NoticeVersion | None) -> tuple[Submission, bool]:
    """Save a self-pay registration and its notifications, as `submit_new_patient` does.

    A patient who asks for a Good Faith Estimate on the form has asked today: the estimate
    is due 3 business days from now (see intake.estimates).
    """
    return _submit(form_token, partial(_create_self_pay, data=data, form_token=form_token, notice=notice))


@sensitive_variables()
def _submit(form_token: str, create: Callable[[], Submission]) -> tuple[Submission, bool]:
    """Run `create` and queue the notifications in one transaction, once per form token."""
    for _ in range(REFERENCE_TRIES):
        existing = Submission.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                submission = create()
                queued = notifications.queue_for(submission)
                transaction.on_commit(partial(_send_after_commit, [n.pk for n in queued]))
        except IntegrityError:
            # The same form committed a moment ago (a double click), or a reference clashed: look again.
            logger.info("A submission clashed with one saved a moment ago; looking again")
            continue
        logger.info("Submission %s received", submission.reference)
        return submission, True
    raise IntegrityError("Could not save the submission with a unique reference.")


@sensitive_variables()
def _create(*, data: dict, photos: dict[str, CardPhoto], form_token: str, notice) -> Submission:
    submission = Submission.objects.create(
        kind=Submission.Kind.NEW_PATIENT,
        form_token=form_token,
        privacy_notice=notice,
        **{name: data[name] for name in SUBMISSION_FIELDS},
    )
    is_self = data["relationship"] == InsurancePolicy.Relationship.SELF
    primary = InsurancePolicy.objects.create(
        submission=submission,
        rank=InsurancePolicy.Rank.PRIMARY,
        carrier=data["carrier"],
        member_id=data["member_id"],
        group_number=data["group_number"],
        relationship=data["relationship"],
        holder_name="" if is_self else data["holder_name"],
        holder_date_of_birth=None if is_self else data["holder_date_of_birth"],
    )
    CardImage.objects.bulk_create(
        CardImage(
            policy=primary,
            side=side,
            width=photos[f"card_{side}"].width,
            height=photos[f"card_{side}"].height,
            data=crypto.encrypt(photos[f"card_{side}"].jpeg),
        )
        for side in (CardImage.Side.FRONT, CardImage.Side.BACK)
    )
    if data.get("secondary_carrier"):
        InsurancePolicy.objects.create(
            submission=submission,
            rank=InsurancePolicy.Rank.SECONDARY,
            carrier=data["secondary_carrier"],
            member_id=data["secondary_member_id"],
            group_number=data["secondary_group_number"],
        )
    return submission


FOLLOW_UP_FIELDS = (
    *("first_name", "last_name", "date_of_birth", "phone", "email"),
    *("location", "preferred_times", "consent_to_contact"),
)
SELF_PAY_FIELDS = (
    *FOLLOW_UP_FIELDS,
    *("address_line1", "address_line2", "city", "state", "zip_code", "preferred_contact"),
    *("condition", "reason", "wants_estimate"),
)


@sensitive_variables()
def _create_follow_up(*, data: dict, form_token: str, notice) -> Submission:
    return Submission.objects.create(
        kind=Submission.Kind.FOLLOW_UP,
        form_token=form_token,
        privacy_notice=notice,
        patient_note=data["note"],
        **{name: data[name] for name in FOLLOW_UP_FIELDS},
    )


@sensitive_variables()
def _create_self_pay(*, data: dict, form_token: str, notice) -> Submission:
    return Submission.objects.create(
        kind=Submission.Kind.SELF_PAY,
        form_token=form_token,
        privacy_notice=notice,
        estimate_requested_on=clinic_today() if data["wants_estimate"] else None,
        **{name: data[name] for name in SELF_PAY_FIELDS},
    )


def _send_after_commit(ids: list[int]) -> None:
    try:
        notifications.deliver(ids)
    except Exception:  # the submission is saved; the outbox will retry
        logger.error("Sending notifications after a submission failed; the outbox will retry")
