"""The front desk's work queue.

Only holders of the intake permissions (the "Front desk" group, and superusers) reach any of
this. Every look at a submission or card image is written to the audit log, and the admin's
own history (LogEntry) only ever names a reference and the fields that changed.
"""

import datetime
import re

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.views.decorators.debug import sensitive_post_parameters

from clinic_site.admin import SingletonAdmin
from locations.models import national_phone

from . import audit
from .models import (
    AuditEvent,
    CardImage,
    GoodFaithEstimateNotice,
    Note,
    Notification,
    PatientPortal,
    SelfPayRate,
    Submission,
)

IMAGE_HEADERS = {
    "Cache-Control": "no-store, private",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
    "Referrer-Policy": "no-referrer",
}

# What the front desk may change on a submission. Everything else on its page is what the
# patient sent, shown read-only; and only these fields' names (never values) reach the history.
EDITABLE_FIELDS = frozenset(
    {"status", "assignee", "estimate_requested_on", "appointment_scheduled_on", "appointment_on", "estimate_sent_on"}
)


def safe_change_message(form, formsets, add) -> list:
    """Django's change message, reduced to field names that carry no patient data."""
    if add:
        return [{"added": {}}]
    fields = [name for name in form.changed_data if name in EDITABLE_FIELDS] if form else []
    other = bool(form and set(form.changed_data) - EDITABLE_FIELDS)
    message = []
    if fields or other:
        names = [str(form.fields[name].label or name) for name in fields] + (["details"] if other else [])
        message.append({"changed": {"fields": names}})
    for formset in formsets or []:
        for added in formset.new_objects:
            message.append({"added": {"name": str(added._meta.verbose_name), "object": str(added)}})
    return message


class PHISafeHistoryMixin:
    """Keeps patient data out of LogEntry: the object is named by __str__ (a reference) only."""

    def construct_change_message(self, request, form, formsets, add=False):
        return safe_change_message(form, formsets, add)


class NoteInline(admin.TabularInline):
    model = Note
    extra = 1
    fields = ("text", "author", "written")
    readonly_fields = ("author", "written")
    verbose_name_plural = "internal notes (seen by staff only; a note cannot be changed once saved)"

    @admin.display(description="written")
    def written(self, note: Note) -> str:
        return timezone.localtime(note.created_at).strftime("%b %-d, %Y, %-I:%M %p") if note.pk else ""

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: add, never rewrite

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("intake.add_note")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting (not scheduled or closed)"), *Submission.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting()
        if self.value() in Submission.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class EstimateFilter(admin.SimpleListFilter):
    """Self-pay registrations by where their Good Faith Estimate stands."""

    title = "Good Faith Estimate"
    parameter_name = "estimate"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue (not sent, past due)"),
            ("due_today", "Due today, not sent"),
            ("outstanding", "Not sent yet"),
            ("sent", "Sent"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.estimate_overdue(today)
        if self.value() == "due_today":
            return queryset.estimate_outstanding().filter(estimate_due_on=today)
        if self.value() == "outstanding":
            return queryset.estimate_outstanding()
        if self.value() == "sent":
            return queryset.filter(estimate_sent_on__isnull=False)
        return queryset


DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
# Fewer digits than this match too many phone numbers to be a search for one.
PHONE_SEARCH_MIN_DIGITS = 4
US_COUNTRY_CODE = "1"
US_NATIONAL_DIGITS = 10  # typed with the country code first, 1 973 555 0147, it has one more


def _parse_date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def fieldset(title: str, *lines, **options) -> tuple[str, dict]:
    """One box of a submission's page: `lines` of fields, a tuple of names sharing a line."""
    return (title, {"fields": lines, **options})


# The blocks a submission's page is made of, each declared once; each kind's page lists its own.
WORK = fieldset("Work", ("status", "assignee"), ("reference", "kind", "received"))
NAME_LINE = ("first_name", "last_name", "date_of_birth")
PATIENT = fieldset("Patient", NAME_LINE, ("phone_number", "email", "preferred_contact"), "address")
PATIENT_CONTACT = fieldset("Patient", NAME_LINE, ("phone_number", "email"))
NEW_PATIENT_VISIT = fieldset(
    "Visit", "location", "condition", "reason", ("doctor_referral", "has_prescription", "injury")
)
INSURANCE = fieldset("Insurance", "insurance")
FOLLOW_UP_VISIT = fieldset("Follow-up visit", "location", "preferred_times", "patient_note")
SELF_PAY_VISIT = fieldset("Visit", "location", "preferred_times", "condition", "reason")
ESTIMATE = fieldset(
    "Good Faith Estimate",
    "wants_estimate",
    ("estimate_requested_on", "appointment_scheduled_on", "appointment_on"),
    ("estimate_due_display", "estimate_sent_on"),
    description="Record when the patient asked, when the visit was booked and for when, and when the written "
    "estimate went out. The due date follows from these (business days skip weekends and federal holidays).",
)
CONSENT = fieldset("Consent", ("privacy_notice", "consent_to_contact"))
KIND_FIELDSETS = {
    Submission.Kind.NEW_PATIENT: (WORK, PATIENT, NEW_PATIENT_VISIT, INSURANCE, CONSENT),
    # Follow-up requests and self-pay registrations ask fewer questions and carry no insurance.
    Submission.Kind.FOLLOW_UP: (WORK, PATIENT_CONTACT, FOLLOW_UP_VISIT, CONSENT),
    Submission.Kind.SELF_PAY: (WORK, PATIENT, SELF_PAY_VISIT, ESTIMATE, CONSENT),
}


@admin.register(Submission)
class SubmissionAdmin(PHISafeHistoryMixin, admin.ModelAdmin):
    list_display = ("reference", "kind", "status", "location", "patient", "received", "estimate_due", "assignee")
    list_display_links = ("reference", "patient")
    list_filter = (
        StatusFilter,
        "location",
        "kind",
        EstimateFilter,
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "received_at",
    )
    list_select_related = ("location", "assignee")
    search_fields = ("reference", "first_name", "last_name")
    search_help_text = "Search by reference, name, phone number or date of birth (for example 03/14/1985)."
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = ("assign_to_me",)
    inlines = (NoteInline,)
    fieldsets = KIND_FIELDSETS[Submission.Kind.NEW_PATIENT]

    class Media:
        css = {"all": ["intake/admin.css"]}

    def has_add_permission(self, request):
        return False  # submissions come from the public forms

    def get_fieldsets(self, request, obj=None):
        return KIND_FIELDSETS.get(obj.kind, self.fieldsets) if obj is not None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        """All the page shows but what the front desk may change."""
        return [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name not in EDITABLE_FIELDS]

    @admin.display(description="estimate due", ordering=F("estimate_due_on").asc(nulls_last=True))
    def estimate_due(self, obj: Submission) -> str:
        """The Good Faith Estimate's due date, flagged when overdue; "sent" once it went out."""
        if obj.estimate_due_on is None:
            return "–"
        due = format_html(
            '<time datetime="{}">{}</time>', obj.estimate_due_on.isoformat(), obj.estimate_due_on.strftime("%b %-d")
        )
        if obj.estimate_sent_on:
            return format_html("{}<br><small>sent {}</small>", due, obj.estimate_sent_on.strftime("%b %-d"))
        if obj.estimate_overdue:
            return format_html('{}<br><strong class="intake-overdue">Overdue</strong>', due)
        return due

    @admin.display(description="estimate due by")
    def estimate_due_display(self, obj: Submission) -> str:
        if obj.estimate_due_on is None:
            return "Nothing due yet: no request and no visit booked 3 or more business days ahead."
        due = obj.estimate_due_on.strftime("%A, %B %-d, %Y")
        if obj.estimate_sent_on:
            return f"{due} (sent)"
        return format_html("{} <strong>Overdue</strong>", due) if obj.estimate_overdue else due

    # The list

    @admin.display(description="patient", ordering="last_name")
    def patient(self, obj: Submission) -> str:
        return obj.patient_name

    @admin.display(description="received", ordering="received_at")
    def received(self, obj: Submission) -> str:
        local = timezone.localtime(obj.received_at)
        return format_html(
            '<time datetime="{}">{}</time><br><small>{} ago</small>',
            obj.received_at.isoformat(),
            local.strftime("%b %-d, %-I:%M %p"),
            timesince(obj.received_at),
        )

    def get_search_results(self, request, queryset, search_term):
        """Names and references as usual, plus phone numbers by their digits and dates of birth."""
        term = search_term.strip()
        filtered = queryset  # already narrowed by the list filters: every match must stay inside it
        queryset, may_have_duplicates = super().get_search_results(request, filtered, term)
        if not term:
            return queryset, may_have_duplicates
        extra = Q()
        born = _parse_date(term)
        digits = re.sub(r"\D", "", term)
        if born:
            extra |= Q(date_of_birth=born)
        elif len(digits) >= PHONE_SEARCH_MIN_DIGITS and not re.search(r"[A-Za-z]", term):
            national = digits.removeprefix(US_COUNTRY_CODE) if len(digits) == US_NATIONAL_DIGITS + 1 else digits
            extra |= Q(phone__contains=national)
        if extra:
            queryset |= filtered.filter(extra)
        return queryset, may_have_duplicates

    def changelist_view(self, request, extra_context=None):
        if request.GET.get("q"):
            audit.record(AuditEvent.Action.SEARCH, request=request, detail="searched the submission list")
        return super().changelist_view(request, extra_context)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for submission in queryset:
            submission.assignee = request.user
            submission.save(update_fields=["assignee"])
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[submission],
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["assignee"]}}],
                single_object=True,
            )
            count += 1
        self.message_user(request, f"{count} submission{'s' if count != 1 else ''} assigned to you.", messages.SUCCESS)

    # One submission

    @admin.display(description="phone")
    def phone_number(self, obj: Submission) -> str:
        return national_phone(obj.phone)

    @admin.display(description="address")
    def address(self, obj: Submission) -> str:
        lines = [obj.address_line1, obj.address_line2, f"{obj.city}, {obj.state} {obj.zip_code}".strip(" ,")]
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines if line))

    @admin.display(description="card")
    def insurance(self, obj: Submission) -> str:
        """Each plan's details beside the photos of its card, front first."""
        plans = [
            (policy, sorted(policy.images.all(), key=lambda image: image.side != CardImage.Side.FRONT))
            for policy in obj.policies.prefetch_related("images")
        ]
        if not plans:
            return "None given"
        return render_to_string("admin/intake/insurance.html", {"submission": obj, "plans": plans})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._intake_submission = obj
        return obj

    @method_decorator(sensitive_post_parameters())
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        submission = getattr(request, "_intake_submission", None)
        if submission is not None and response.status_code in (200, 302):
            viewed = request.method == "GET"
            action = AuditEvent.Action.VIEW_SUBMISSION if viewed else AuditEvent.Action.CHANGE_SUBMISSION
            audit.record(action, request=request, submission=submission)
            response["Cache-Control"] = "no-store, private"
        return response

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
                note.submission = form.instance
                note.save()

    def get_urls(self):
        return [
            path(
                "<int:submission_id>/card/<int:image_id>/",
                self.admin_site.admin_view(self.card_image_view),
                name="intake_submission_card_image",
            ),
            *super().get_urls(),
        ]

    def card_image_view(self, request: HttpRequest, submission_id: int, image_id: int) -> HttpResponse:
        """A card image, for staff allowed to see submissions; recorded in the audit log."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        image = get_object_or_404(
            CardImage.objects.select_related("policy__submission"), pk=image_id, policy__submission_id=submission_id
        )
        submission = image.policy.submission
        audit.record(
            AuditEvent.Action.VIEW_IMAGE,
            request=request,
            submission=submission,
            detail=f"{image.policy.get_rank_display()} card, {image.get_side_display().lower()}",
        )
        response = HttpResponse(image.jpeg(), content_type=CardImage.CONTENT_TYPE)
        for header, value in IMAGE_HEADERS.items():
            response[header] = value
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows nobody may add, change or delete in the admin, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "reference", "detail", "ip_address")
    list_filter = ("action", "at")
    search_fields = ("reference", "username")
    date_hierarchy = "at"
    fields = ("at", "username", "action", "reference", "detail", "ip_address")

    def get_actions(self, request):
        return {}


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "submission", "kind", "status", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("status", "kind")
    list_select_related = ("submission",)
    fields = (
        ("submission", "kind"),
        "subject",
        "body",
        ("status", "attempts"),
        ("next_attempt_at", "sent_at"),
        "last_error",
    )
    search_fields = ("submission__reference",)

    def get_actions(self, request):
        return {}


@admin.register(SelfPayRate)
class SelfPayRateAdmin(admin.ModelAdmin):
    """The price list on /self-pay/. Its newest change is shown there as "last updated"."""

    list_display = ("name", "price_display", "description", "position", "is_sample", "updated_at")
    list_display_links = ("name",)
    fields = ("name", "price", "description", "position", "is_sample", "updated_at")
    readonly_fields = ("updated_at",)

    @admin.display(description="price", ordering="price")
    def price_display(self, obj: SelfPayRate) -> str:
        return obj.price_display

    def save_model(self, request, obj, form, change):
        # Staff changing a sample rate's name or price have set a real one.
        if change and {"name", "price"} & set(form.changed_data) and "is_sample" not in form.changed_data:
            obj.is_sample = False
        super().save_model(request, obj, form, change)


@admin.register(PatientPortal)
class PatientPortalAdmin(SingletonAdmin):
    list_display = ("__str__", "url", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("url", "updated_at")
    readonly_fields = ("updated_at",)


@admin.register(GoodFaithEstimateNotice)
class GoodFaithEstimateNoticeAdmin(SingletonAdmin):
    """The notice of the right to a Good Faith Estimate (No Surprises Act, 45 CFR 149.610)."""

    list_display = ("__str__", "title", "is_sample", "updated_at")
    fields = ("title", "text", "is_sample", "updated_at")
    readonly_fields = ("updated_at",)
