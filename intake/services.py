"""Saving what a patient sends through one of the three intake forms.

The public views save submissions only through the `submit_...` functions here. After that,
staff change a submission in the admin (status, assignee, Good Faith Estimate dates, notes)
and `manage.py intake_retention` deletes it once its time is up.

A form's answers are saved under their own names: every field the form cleaned that is also
an editable field of `Submission` (or, for the insurance, of `InsurancePolicy`) is copied. A
new question needs the model field and the form field, and nothing here.
"""

import logging

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from notices.models import NoticeVersion

from . import crypto, held_photos, notifications
from .models import FORM_TOKEN_RE, CardImage, InsurancePolicy, Note, Submission

logger = logging.getLogger(__name__)

REFERENCE_TRIES = 5
# The second plan's answers carry this prefix on the new-patient form.
SECONDARY_PREFIX = "secondary_"


@sensitive_variables()
def submission_for_token(token: str) -> Submission | None:
    """The submission a form's one-time token already made, if any. Anything that is not a
    token as the forms make them is none."""
    if not FORM_TOKEN_RE.fullmatch(token):
        return None
    return Submission.objects.filter(form_token=token).first()


def submit_new_patient(*, data: dict, form_token: str, notice: NoticeVersion | None) -> tuple[Submission, bool]:
    """Save a new-patient submission, its insurance, card images and notifications in one transaction.

    Returns (submission, created). A form sent twice (double click, back button, replay)
    carries the same one-time token, so the second time returns the first submission.
    The emails wait in the outbox for its sender (see intake.notifications): saving never waits
    on a mail server.
    """
    result = _submit(Submission.Kind.NEW_PATIENT, data=data, form_token=form_token, notice=notice)
    held_photos.release(form_token)  # now card images of the submission
    return result


@sensitive_variables()
def submit_follow_up(*, data: dict, form_token: str, notice: NoticeVersion | None) -> tuple[Submission, bool]:
    """Save a follow-up request and its notifications, as `submit_new_patient` does."""
    return _submit(
        Submission.Kind.FOLLOW_UP, data=data, form_token=form_token, notice=notice, patient_note=data["note"]
    )


@sensitive_variables()
def submit_self_pay(*, data: dict, form_token: str, notice: NoticeVersion | None) -> tuple[Submission, bool]:
    """Save a self-pay registration and its notifications, as `submit_new_patient` does.

    A patient who asks for a Good Faith Estimate on the form has asked today: the estimate
    is due 3 business days from now (see intake.estimates).
    """
    requested_on = timezone.localdate() if data["wants_estimate"] else None
    return _submit(
        Submission.Kind.SELF_PAY, data=data, form_token=form_token, notice=notice, estimate_requested_on=requested_on
    )


@sensitive_variables()
def _submit(
    kind: str, *, data: dict, form_token: str, notice: NoticeVersion | None, **extra
) -> tuple[Submission, bool]:
    """Save a submission once per form token; `extra` holds what it keeps that the form does not ask."""
    for _ in range(REFERENCE_TRIES):
        existing = Submission.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
        try:
            submission = _save(kind, data=data, form_token=form_token, notice=notice, extra=extra)
        except IntegrityError:
            # The same form committed a moment ago (a double click), or a reference clashed: look again.
            logger.info("A submission clashed with one saved a moment ago; looking again")
            continue
        logger.info("Submission %s received", submission.reference)
        return submission, True
    raise IntegrityError("Could not save the submission with a unique reference.")


@sensitive_variables()
@transaction.atomic
def _save(kind: str, *, data: dict, form_token: str, notice: NoticeVersion | None, extra: dict) -> Submission:
    """The answers, any insurance and the emails to send, in one transaction."""
    submission = Submission.objects.create(
        kind=kind, form_token=form_token, privacy_notice=notice, **_answers(Submission, data), **extra
    )
    if kind == Submission.Kind.NEW_PATIENT:
        _save_insurance(submission, data)
    notifications.queue_for(submission)
    return submission


@sensitive_variables()
def _answers(model: type[models.Model], data: dict, prefix: str = "") -> dict:
    """The cleaned answers `model` keeps: those named (after `prefix`) as one of its editable fields."""
    return {
        field.name: data[prefix + field.name]
        for field in model._meta.concrete_fields
        if field.editable and prefix + field.name in data
    }


@sensitive_variables()
def _save_insurance(submission: Submission, data: dict) -> None:
    """The primary plan with the photos of its card, and a second plan when one was given."""
    primary = InsurancePolicy(
        submission=submission, rank=InsurancePolicy.Rank.PRIMARY, **_answers(InsurancePolicy, data)
    )
    if primary.holder_is_patient:
        # Typed before the patient chose "Mine": not a second person's details to keep.
        primary.holder_name, primary.holder_date_of_birth = "", None
    primary.save()
    CardImage.objects.bulk_create(
        CardImage(
            policy=primary,
            side=side,
            width=photo.width,
            height=photo.height,
            data=crypto.encrypt(photo.jpeg),
        )
        for side, photo in ((CardImage.Side.FRONT, data["card_front"]), (CardImage.Side.BACK, data["card_back"]))
    )
    if data.get(f"{SECONDARY_PREFIX}carrier"):
        InsurancePolicy.objects.create(
            submission=submission,
            rank=InsurancePolicy.Rank.SECONDARY,
            **_answers(InsurancePolicy, data, prefix=SECONDARY_PREFIX),
        )


@sensitive_variables()
def changed_answers(submission: Submission, data: dict) -> list[str]:
    """The names of the answers in `data` (a form's cleaned data) that differ from what `submission` saved.

    A patient who goes Back, fixes an answer and sends the form again sends its token again: this
    says what they changed, so they can be offered to send it as a correction.
    """
    saved = {name: getattr(submission, name) for name in _answers(Submission, data)}
    if "note" in data:
        saved["note"] = submission.patient_note
    if submission.kind == Submission.Kind.NEW_PATIENT:
        policies = {policy.rank: policy for policy in submission.policies.all()}
        for rank, prefix in ((InsurancePolicy.Rank.PRIMARY, ""), (InsurancePolicy.Rank.SECONDARY, SECONDARY_PREFIX)):
            policy = policies.get(rank)
            for name in _answers(InsurancePolicy, data, prefix=prefix):
                saved[prefix + name] = getattr(policy, name) if policy else None
        images = {image.side: image for policy in policies.values() for image in policy.images.all()}
        for side in CardImage.Side.values:
            image = images.get(side)
            saved[f"card_{side}"] = image.jpeg() if image else None
    sent = dict(data, card_front=data.get("card_front"), card_back=data.get("card_back"))
    if sent.get("relationship") == InsurancePolicy.Relationship.SELF:
        sent["holder_name"], sent["holder_date_of_birth"] = "", None  # not kept when the insurance is theirs
    for side in CardImage.Side.values:
        photo = sent.get(f"card_{side}")
        sent[f"card_{side}"] = photo.jpeg if photo else None
    return [name for name, value in saved.items() if (sent.get(name) or None) != (value or None)]


@sensitive_variables()
def add_correction(submission: Submission, text: str, key: str) -> Note:
    """Attach a patient's correction to their submission, as a note the front desk reads with it.

    `key` names this correction: sent twice (a double click), it is kept once.
    """
    try:
        with transaction.atomic():
            note, created = Note.objects.get_or_create(
                correction_key=key, defaults={"submission": submission, "author": None, "text": text}
            )
    except IntegrityError:  # the same correction saved a moment ago by a second click
        note, created = Note.objects.get(correction_key=key), False
    if created:
        logger.info("Correction received for submission %s", submission.reference)
    return note
