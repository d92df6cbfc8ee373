"""The three intake forms and their receipts: one path for all three.

Each form page validates, saves through `intake.services` and redirects to its receipt (POST,
redirect, GET). The receipt finds the submission through the session, so its address holds
nothing to guess or share.
"""

import datetime
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic_site.context_processors import clinic_locations
from clinic_site.middleware import allow_large_bodies
from notices.models import Notice, NoticeVersion

from . import abuse, corrections, held_photos, receipts, retry, services
from .form_pages import cache_empty_form
from .forms import FollowUpForm, IntakeForm, NewPatientForm, SelfPayForm
from .models import GoodFaithEstimateNotice, PatientPortal, SelfPayRate, Submission
from .uploads import CappedUploadHandler

RECEIPT_SESSION_KEY = "intake_receipt"
CORRECTION_SESSION_KEY = "intake_correction_sent"
RECEIPTS = {
    Submission.Kind.NEW_PATIENT: "intake:new_patient_received",
    Submission.Kind.FOLLOW_UP: "intake:follow_up_received",
    Submission.Kind.SELF_PAY: "intake:self_pay_received",
}


def _photos_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The new-patient form's 413 page: it names the photo limits and asks for the photos again."""
    context = {"max_bytes": filesizeformat(limit), "max_file_bytes": filesizeformat(settings.INTAKE_MAX_IMAGE_BYTES)}
    return _private_page(request, "intake/too_large.html", context, status=413)


@allow_large_bodies("INTAKE_MAX_REQUEST_BYTES", _photos_too_large)  # refused before the body is read
@sensitive_post_parameters()
@csrf_exempt  # only so the upload limits can be set first: _intake_form checks the token
@require_http_methods(["GET", "HEAD", "POST"])
@cache_empty_form()
def new_patient(request: HttpRequest) -> HttpResponse:
    """The new-patient form, with its card photos."""
    oversized: set[str] = set()
    if request.method == "POST":
        upload_handler = CappedUploadHandler(request)
        request.upload_handlers = [upload_handler]
        # Filled in as the body is read: the form names the photos it dropped.
        oversized = upload_handler.oversized
    return _intake_form(
        request,
        form_class=NewPatientForm,
        form_kwargs={"oversized": oversized, "holder": held_photos.PhotoHolder(request)},
        submit=services.submit_new_patient,
        template="intake/new_patient.html",
        receipt="intake:new_patient_received",
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@cache_empty_form()
def follow_up(request: HttpRequest) -> HttpResponse:
    """Call a clinic (today's hours, open now), go to the patient portal, or ask us to call back."""
    locations = clinic_locations(request)  # the footer's call list reads the same clinics
    return _intake_form(
        request,
        form_class=FollowUpForm,
        submit=services.submit_follow_up,
        template="intake/follow_up.html",
        receipt="intake:follow_up_received",
        context={"locations": locations, "portal_url": PatientPortal.address()},
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
@cache_empty_form()
def self_pay(request: HttpRequest) -> HttpResponse:
    """The self-pay rates, the notice of the right to a Good Faith Estimate, and the registration."""
    rates = list(SelfPayRate.objects.shown())
    return _intake_form(
        request,
        form_class=SelfPayForm,
        submit=services.submit_self_pay,
        template="intake/self_pay.html",
        receipt="intake:self_pay_received",
        context={
            "rates": rates,
            "rates_updated": max((rate.updated_at for rate in rates), default=None),
            "rates_are_sample": bool(rates) and all(rate.is_sample for rate in rates),
            "estimate_notice": GoodFaithEstimateNotice.load(),
        },
    )


@require_safe
def new_patient_received(request: HttpRequest) -> HttpResponse:
    """The new-patient receipt: the reference and what happens next, for this browser's own submission only."""
    return _receipt(request, Submission.Kind.NEW_PATIENT, "intake/new_patient_received.html", "intake:new_patient")


@require_safe
def follow_up_received(request: HttpRequest) -> HttpResponse:
    """The follow-up receipt, for this browser's own request only."""
    return _receipt(request, Submission.Kind.FOLLOW_UP, "intake/follow_up_received.html", "intake:follow_up")


@require_safe
def self_pay_received(request: HttpRequest) -> HttpResponse:
    """The self-pay receipt, for this browser's own registration only."""
    return _receipt(request, Submission.Kind.SELF_PAY, "intake/self_pay_received.html", "intake:self_pay")


@csrf_protect
@sensitive_variables()
def _intake_form(
    request: HttpRequest,
    *,
    form_class: type[IntakeForm],
    submit: Callable[..., tuple[Submission, bool]],
    template: str,
    receipt: str,
    form_kwargs: dict | None = None,
    context: dict | None = None,
) -> HttpResponse:
    """Show the form; a valid one is saved through `submit` and the browser sent to the receipt.

    A form sent again with its token already saved is a double click (same answers: the receipt)
    or a change after Back (offered as a correction). Forms over a rate limit are kept on the page
    with a request to call (intake.abuse).
    """
    notice = NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES)
    context, form_kwargs = {**(context or {}), "notice": notice}, form_kwargs or {}
    if request.method == "POST":
        earlier = services.submission_for_token(request.POST.get("form_token", ""))
        if earlier is None and abuse.over_address_limit(request):
            return _too_many_sends(request, template, context, form_class(initial=request.POST.dict(), **form_kwargs))
        form = form_class(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            if earlier is not None:
                return _sent_again(request, form, earlier, receipt)
            if abuse.over_email_limit(form.cleaned_data["email"]):
                return _too_many_sends(request, template, context, form)
            submission, _ = submit(data=form.cleaned_data, form_token=form.cleaned_data["form_token"], notice=notice)
            retry.forget(request)
            request.session[RECEIPT_SESSION_KEY] = submission.reference
            return redirect(receipt)
        # Errors too are answered with a redirect: Back never lands on "Confirm Form Resubmission".
        retry.keep(request, oversized=form_kwargs.get("oversized", frozenset()))
        return redirect(request.path)
    kept = retry.take(request)
    if kept is not None:  # the form just sent, with its messages
        data, oversized = kept
        if "oversized" in form_kwargs:
            form_kwargs = {**form_kwargs, "oversized": oversized}
        form = form_class(data, **form_kwargs)
        form.is_valid()
    else:
        form = form_class(**form_kwargs)
    return _private_page(request, template, {**context, "form": form})


def _too_many_sends(request: HttpRequest, template: str, context: dict, form: IntakeForm) -> HttpResponse:
    """The form page again, with what was typed, asking the person to call: too many forms this hour."""
    retry_at = datetime.datetime.fromtimestamp(abuse.window_ends(), tz=datetime.UTC)
    response = _private_page(request, template, {**context, "form": form, "too_many_sends": retry_at}, status=429)
    response["Retry-After"] = str(max(int(abuse.window_ends() - time.time()), 1))
    return response


@sensitive_variables()
def _sent_again(request: HttpRequest, form: IntakeForm, earlier: Submission, receipt: str) -> HttpResponse:
    """A form whose token is saved: the same answers are a double click; changed ones are offered as a correction."""
    request.session[RECEIPT_SESSION_KEY] = earlier.reference
    changed = services.changed_answers(earlier, form.cleaned_data)
    if not changed:
        return redirect(receipt)
    changes = corrections.describe(form, changed)
    context = {
        "submission": earlier,
        "changes": changes,
        "correction": corrections.sign(earlier.form_token, changes),
        "receipt": receipt,
    }
    return _private_page(request, "intake/correction_offer.html", context)


@sensitive_post_parameters()
@require_POST
def send_correction(request: HttpRequest) -> HttpResponse:
    """The patient chose to send their changed answers: attached to their submission as a note."""
    signed = request.POST.get("correction", "")
    unsigned = corrections.unsign(signed)
    earlier = Submission.objects.filter(form_token=unsigned[0]).first() if unsigned else None
    if earlier is None:
        return _private_page(request, "intake/correction_lost.html", {}, status=400)
    services.add_correction(earlier, corrections.note_text(unsigned[1]), corrections.key(signed))
    request.session[RECEIPT_SESSION_KEY] = earlier.reference
    request.session[CORRECTION_SESSION_KEY] = earlier.reference
    return redirect(RECEIPTS[earlier.kind])


def _receipt(request: HttpRequest, kind: str, template: str, form_url: str) -> HttpResponse:
    """The reference comes from the session, so only the browser that sent the form sees it."""
    reference = request.session.get(RECEIPT_SESSION_KEY)
    submission = None
    if reference:
        submission = receipts.receipts().filter(reference=reference, kind=kind).first()
    if submission is None:
        return redirect(form_url)
    context = {
        "submission": submission,
        "location": submission.location,
        "contact_promise": receipts.contact_promise(submission),
        # The footer's call list shows the patient's clinic only (all of them if it has gone).
        "footer_locations": [submission.location] if submission.location else None,
        "correction_sent": request.session.pop(CORRECTION_SESSION_KEY, None) == reference,
    }
    return _private_page(request, template, context)


@never_cache  # what a patient typed, or their reference, must not stay in a shared computer's cache
def _private_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)
