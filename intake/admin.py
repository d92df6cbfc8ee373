"""The front desk's work queue.

Only holders of the intake permissions (the "Front desk" group, and superusers) reach any of
this. Every look at a submission or card image is written to the audit log, and the admin's
own history (LogEntry) only ever names a reference and the fields that changed.
"""

import datetime
import re

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.views.decorators.debug import sensitive_post_parameters

from clinic_site.admin import SingletonAdmin
from locations.hours import clinic_today
from locations.models import national_phone

from . import audit
from .models import (
    AuditEvent,
    CardImage,
    GoodFaithEstimateNotice,
    InsurancePolicy,
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

# Fields whose names may appear in the admin history; everything else is recorded as "details".
LOGGABLE_FIELDS = {"status", "assignee", "kind", "location"}
# Good Faith Estimate dates: their names (never their values) may appear in the history too.
LOGGABLE_FIELDS |= {"estimate_requested_on", "appointment_scheduled_on", "appointment_on", "estimate_sent_on"}


def safe_change_message(form, formsets, add) -> list:
    """Django's change message, reduced to field names that carry no patient data."""
    if add:
        return [{"added": {}}]
    fields = [name for name in form.changed_data if name in LOGGABLE_FIELDS] if form else []
    other = bool(form and set(form.changed_data) - LOGGABLE_FIELDS)
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
        today = clinic_today()
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


def _parse_date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


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
    fieldsets = (
        ("Work", {"fields": (("status", "assignee"), ("reference", "kind", "received_display"))}),
        (
            "Patient",
            {
                "fields": (
                    ("first_name", "last_name", "date_of_birth"),
                    ("phone_number", "email", "preferred_contact"),
                    "address",
                )
            },
        ),
        (
            "Visit",
            {"fields": ("location", "condition", "reason", ("doctor_referral", "has_prescription", "injury"))},
        ),
        ("Insurance", {"fields": ("insurance",)}),
        ("Consent", {"fields": (("privacy_notice", "consent_to_contact"),)}),
    )
    readonly_fields = (
        "reference",
        "kind",
        "received_display",
        "first_name",
        "last_name",
        "date_of_birth",
        "phone_number",
        "email",
        "preferred_contact",
        "address",
        "location",
        "condition",
        "reason",
        "doctor_referral",
        "has_prescription",
        "injury",
        "insurance",
        "privacy_notice",
        "consent_to_contact",
        "preferred_times",
        "patient_note",
        "wants_estimate",
        "estimate_due_display",
    )
    # Follow-up requests and self-pay registrations ask fewer questions and carry no insurance.
    kind_fieldsets = {
        Submission.Kind.FOLLOW_UP: (
            ("Work", {"fields": (("status", "assignee"), ("reference", "kind", "received_display"))}),
            ("Patient", {"fields": (("first_name", "last_name", "date_of_birth"), ("phone_number", "email"))}),
            ("Follow-up visit", {"fields": ("location", "preferred_times", "patient_note")}),
            ("Consent", {"fields": (("privacy_notice", "consent_to_contact"),)}),
        ),
        Submission.Kind.SELF_PAY: (
            ("Work", {"fields": (("status", "assignee"), ("reference", "kind", "received_display"))}),
            (
                "Patient",
                {
                    "fields": (
                        ("first_name", "last_name", "date_of_birth"),
                        ("phone_number", "email", "preferred_contact"),
                        "address",
                    )
                },
            ),
            ("Visit", {"fields": ("location", "preferred_times", "condition", "reason")}),
            (
                "Good Faith Estimate",
                {
                    "description": "Record when the patient asked, when the visit was booked and for when, and when "
                    "the written estimate went out. The due date follows from these (business days skip weekends "
                    "and federal holidays).",
                    "fields": (
                        "wants_estimate",
                        ("estimate_requested_on", "appointment_scheduled_on", "appointment_on"),
                        ("estimate_due_display", "estimate_sent_on"),
                    ),
                },
            ),
            ("Consent", {"fields": (("privacy_notice", "consent_to_contact"),)}),
        ),
    }

    def has_add_permission(self, request):
        return False  # submissions come from the public forms

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.kind in self.kind_fieldsets:
            return self.kind_fieldsets[obj.kind]
        return super().get_fieldsets(request, obj)

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

    @admin.display(description="received")
    def received_display(self, obj: Submission) -> str:
        return self.received(obj)

    def get_search_results(self, request, queryset, search_term):
        """Names and references as usual, plus phone numbers by their digits and dates of birth."""
        term = search_term.strip()
        filtered = queryset  # already narrowed by the list filters: every match must stay inside it
        queryset, may_have_duplicates = super().get_search_results(request, filtered, term)
        if not term:
            return queryset, may_have_duplicates
        extra = Q()
        digits = re.sub(r"\D", "", term)
        if len(digits) >= 4 and not re.search(r"[A-Za-z]", term) and _parse_date(term) is None:
            extra |= Q(phone__contains=digits[1:] if len(digits) == 11 and digits[0] == "1" else digits)
        born = _parse_date(term)
        if born:
            extra |= Q(date_of_birth=born)
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
        policies = list(obj.policies.prefetch_related("images"))
        return (
            format_html_join(
                "",
                "{}",
                ((self._policy_html(obj, policy),) for policy in policies),
            )
            or "None given"
        )

    def _policy_html(self, submission: Submission, policy: InsurancePolicy) -> str:
        rows = [
            ("Insurance company", policy.carrier),
            ("Member ID", policy.member_id),
            ("Group number", policy.group_number or "none"),
            ("Policyholder", policy.get_relationship_display()),
        ]
        if policy.relationship != InsurancePolicy.Relationship.SELF:
            rows += [
                ("Policyholder’s name", policy.holder_name),
                ("Policyholder’s date of birth", policy.holder_date_of_birth or ""),
            ]
        details = format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)
        images = format_html_join(
            "",
            '<figure class="intake-card"><a href="{0}"><img src="{0}" alt="{1} of the {2} insurance card" '
            'width="{3}" height="{4}" loading="lazy"></a><figcaption>{1}</figcaption></figure>',
            (
                (
                    reverse("admin:intake_submission_card_image", args=[submission.pk, image.pk]),
                    image.get_side_display(),
                    policy.get_rank_display().lower(),
                    image.width,
                    image.height,
                )
                for image in sorted(policy.images.all(), key=lambda image: image.side != CardImage.Side.FRONT)
            ),
        )
        if not images and submission.images_purged_at:
            images = format_html("<p>Card images deleted under the retention policy.</p>")
        return format_html(
            '<section class="intake-policy"><h3>{} insurance</h3><div class="intake-policy__grid"><dl>{}</dl>'
            '<div class="intake-policy__images">{}</div></div></section>',
            policy.get_rank_display(),
            details,
            images,
        )

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
