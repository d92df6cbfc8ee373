from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .forms import NewPatientForm
from .models import PrivacyNotice, Submission
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
    notice = PrivacyNotice.objects.current()
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


@require_safe
def follow_up(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/follow_up.html")


@require_safe
def self_pay(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/self_pay.html")
