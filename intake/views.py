from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from locations.models import Location
from notices.models import Notice, NoticeVersion

from . import services
from .forms import FollowUpForm, NewPatientForm, SelfPayForm
from .models import GoodFaithEstimateNotice, PatientPortal, SelfPayRate, Submission
from .uploads import CappedUploadHandler

RECEIPT_SESSION_KEY = "intake_receipt"


@sensitive_post_parameters()
@csrf_exempt  # only so the upload limits can be set first: csrf_protect below checks the token
@require_http_methods(["GET", "HEAD", "POST"])
def new_patient(request: HttpRequest) -> HttpResponse:
    """The new-patient form. A body over the request cap is refused before it is read."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.INTAKE_MAX_REQUEST_BYTES:
            context = {
                "max_bytes": filesizeformat(settings.INTAKE_MAX_REQUEST_BYTES),
                "max_file_bytes": filesizeformat(settings.INTAKE_MAX_IMAGE_BYTES),
            }
            response = render(request, "intake/too_large.html", context, status=413)
            add_never_cache_headers(response)
            return response
        request.upload_handlers = [CappedUploadHandler(request)]
    return _new_patient(request)


@csrf_protect
@sensitive_variables()
def _new_patient(request: HttpRequest) -> HttpResponse:
    notice = NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES)
    if request.method == "POST":
        handler = request.upload_handlers[0]
        form = NewPatientForm(request.POST, request.FILES, oversized=frozenset(handler.oversized))
        if form.is_valid():
            submission, _ = services.submit_new_patient(
                data=form.cleaned_data, photos=form.photos, form_token=form.cleaned_data["form_token"], notice=notice
            )
            request.session[RECEIPT_SESSION_KEY] = submission.reference
            return redirect("intake:new_patient_received")
        status = 400
    else:
        form = NewPatientForm()
        status = 200
    response = render(request, "intake/new_patient.html", {"form": form, "notice": notice}, status=status)
    # What a patient typed must not stay in a shared computer's cache.
    add_never_cache_headers(response)
    return response


@require_safe
def new_patient_received(request: HttpRequest) -> HttpResponse:
    """The receipt: the reference and what happens next, for this browser's own submission only.

    The reference comes from the session, so the address holds nothing to guess or share.
    """
    reference = request.session.get(RECEIPT_SESSION_KEY)
    submission = None
    if reference:
        submission = Submission.objects.filter(reference=reference).only("reference", "email").first()
    if submission is None:
        return redirect("intake:new_patient")
    response = render(request, "intake/new_patient_received.html", {"submission": submission})
    add_never_cache_headers(response)
    return response


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """Call a clinic (today's hours, open now), go to the patient portal, or ask us to call back."""
    locations = list(Location.objects.active().with_hours())
    return _short_form(
        request,
        form_class=FollowUpForm,
        submit=services.submit_follow_up,
        template="intake/follow_up.html",
        receipt="intake:follow_up_received",
        # The footer lists the same clinics: hand it this list instead of a second query.
        context={"locations": locations, "site_locations": locations, "portal_url": PatientPortal.address()},
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def self_pay(request: HttpRequest) -> HttpResponse:
    """The self-pay rates, the notice of the right to a Good Faith Estimate, and the registration."""
    rates = list(SelfPayRate.objects.shown())
    return _short_form(
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


@sensitive_variables()
def _short_form(request: HttpRequest, *, form_class, submit, template: str, receipt: str, context: dict):
    """A form without uploads: validate, save through the service, redirect to the receipt."""
    notice = NoticeVersion.objects.in_force(Notice.Page.PRIVACY_PRACTICES)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            submission, _ = submit(data=form.cleaned_data, form_token=form.cleaned_data["form_token"], notice=notice)
            request.session[RECEIPT_SESSION_KEY] = submission.reference
            return redirect(receipt)
        status = 400
    else:
        form = form_class()
        status = 200
    response = render(request, template, {**context, "form": form, "notice": notice}, status=status)
    # What a patient typed must not stay in a shared computer's cache.
    add_never_cache_headers(response)
    return response


def _receipt(request: HttpRequest, kind: str, template: str, form_url: str) -> HttpResponse:
    reference = request.session.get(RECEIPT_SESSION_KEY)
    submission = None
    if reference:
        submission = (
            Submission.objects.filter(reference=reference, kind=kind)
            .only("reference", "email", "kind", "wants_estimate")
            .first()
        )
    if submission is None:
        return redirect(form_url)
    response = render(request, template, {"submission": submission})
    add_never_cache_headers(response)
    return response


@require_safe
def follow_up_received(request: HttpRequest) -> HttpResponse:
    """The follow-up receipt, for this browser's own request only (as `new_patient_received`)."""
    return _receipt(request, Submission.Kind.FOLLOW_UP, "intake/follow_up_received.html", "intake:follow_up")


@require_safe
def self_pay_received(request: HttpRequest) -> HttpResponse:
    """The self-pay receipt, for this browser's own registration only (as `new_patient_received`)."""
    return _receipt(request, Submission.Kind.SELF_PAY, "intake/self_pay_received.html", "intake:self_pay")
