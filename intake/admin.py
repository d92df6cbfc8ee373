"""The front desk's work queue.

Only holders of the intake permissions (the "Front desk" group, and superusers) reach any of
this. Every look at a submission or card image is written to the audit log (one row for what
one page showed), refusals too, and every change writes one history entry and one audit row
saying what changed from what (see intake.history).
"""

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.views.decorators.debug import sensitive_post_parameters

from clinic_site.admin import PlainWordingMixin, SingletonAdmin
from clinic_site.groups import FRONT_DESK
from locations.models import national_phone

from . import audit, fhir, history
from .models import (
    AuditEvent,
    CardImage,
    GoodFaithEstimateNotice,
    Note,
    Notification,
    PatientPortal,
    SelfPayRate,
    Submission,
    name_key,
    phone_key,
    reference_typed,
)

IMAGE_HEADERS = {
    "Cache-Control": "no-store, private",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
    "Referrer-Policy": "no-referrer",
}
NO_STORE = "no-store, private"

# What the front desk may change on a submission. Everything else on its page is what the
# patient sent, shown read-only.
EDITABLE_FIELDS = frozenset({"status", "assignee", *history.ESTIMATE_FIELDS})

# A card image embedded in a page that was audited as showing it carries this token, so the
# image's own request adds no second row; a request without one is audited by itself.
SHOWN_SALT = "intake.card-shown"
SHOWN_MAX_AGE = 600  # seconds: long enough for a slow page to load its images


def shown_token(request, image: CardImage) -> str:
    return signing.dumps([request.user.pk, image.pk], salt=SHOWN_SALT)


def was_shown(request, image: CardImage) -> bool:
    try:
        return signing.loads(request.GET.get("shown", ""), salt=SHOWN_SALT, max_age=SHOWN_MAX_AGE) == [
            request.user.pk,
            image.pk,
        ]
    except signing.BadSignature:
        return False


def image_name(image: CardImage) -> str:
    return f"{image.policy.get_rank_display().lower()} card {image.get_side_display().lower()}"


def shown_detail(images, what="record") -> str:
    """What one page showed: "record, primary card front, primary card back"."""
    return ", ".join([what, *(image_name(image) for image in images)])


def card_plans(request, submission: Submission) -> list:
    """(policy, [(image, tokened url)]) for each plan, front first."""
    plans = []
    # The photos' bytes are fetched by their own requests, not with the page.
    for policy in submission.policies.prefetch_related(Prefetch("images", queryset=CardImage.objects.defer("data"))):
        images = sorted(policy.images.all(), key=lambda image: image.side != CardImage.Side.FRONT)
        for image in images:
            image.policy = policy  # already loaded: naming it needs no query
        url = "admin:intake_submission_card_image"
        plans.append(
            (
                policy,
                [
                    (image, f"{reverse(url, args=[submission.pk, image.pk])}?shown={shown_token(request, image)}")
                    for image in images
                ],
            )
        )
    return plans


class NoteInline(admin.TabularInline):
    model = Note
    extra = 1
    fields = ("text", "author", "written")
    readonly_fields = ("author", "written")
    verbose_name_plural = "internal notes (seen by staff only; a note cannot be changed once saved)"
    # A table's cells have no labels of their own: name the box for screen readers.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "aria-label": "New note"})}}

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


class ViewFilter(admin.SimpleListFilter):
    """The queue's saved views. "Needs doing" is where the queue opens; "All" is one click away."""

    title = "view"
    parameter_name = "view"
    DEFAULT = "todo"
    VIEWS = {
        "todo": "Needs doing (oldest first)",
        "mine": "Mine",
        "waiting": "Waiting to be picked up",
        "estimates": "Estimates due",
    }

    def lookups(self, request, model_admin):
        return list(self.VIEWS.items())

    def choices(self, changelist):
        for value, label in self.lookups(None, None):
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }
        yield {
            "selected": self.value() in (None, "all"),
            "query_string": changelist.get_query_string({self.parameter_name: "all"}),
            "display": "All",
        }

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.waiting()
        if self.value() == "mine":
            return queryset.waiting().filter(assignee=request.user)
        if self.value() == "waiting":
            return queryset.not_picked_up()
        if self.value() == "estimates":
            return queryset.estimate_outstanding()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("waiting", "Not scheduled or closed"), *Submission.Status.choices]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting()
        if self.value() in Submission.Status.values:
            return queryset.filter(status=self.value())
        return queryset


def front_desk_members():
    return get_user_model().objects.filter(is_active=True, groups__name=FRONT_DESK).order_by("first_name", "username")


class AssigneeFilter(admin.SimpleListFilter):
    """Who works it: the front desk's members (one small query, whatever the queue's size)."""

    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        return [("none", "Nobody"), *((str(user.pk), history.person(user)) for user in front_desk_members())]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assignee_id=int(self.value()))
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
# Names are matched from their start: fewer letters than this match too many to be useful.
NAME_SEARCH_MIN_CHARS = 2


def _parse_date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def starts_with(field: str, prefix: str) -> Q:
    """A prefix match that uses the column's index on either database.

    PostgreSQL: LIKE 'prefix%', served by the pattern-ops index Django makes beside a CharField's
    (a range would follow the database's language collation, where "-" and spaces barely count).
    SQLite: a range in its byte order, as its case-blind LIKE cannot use an index.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\U0010ffff"})


def search_query(term: str) -> Q | None:
    """The queue's search, each branch an indexed lookup on a normalised column, never a scan.

    A reference however typed ("ejy3we", "EJY3 WE"); a date of birth in the usual US forms; a
    phone number by its digits (all ten, or its last four or more); a name from its start, first
    or last name first, without regard to case or accents.
    """
    found = Q()
    if reference := reference_typed(term):
        found |= Q(reference=reference)
    if born := _parse_date(term):
        return found | Q(date_of_birth=born)
    digits = re.sub(r"\D", "", term)
    if not re.search(r"[^\d\s()+.\-]", term):  # only what a phone number is written with
        if len(digits) >= PHONE_SEARCH_MIN_DIGITS:
            found |= starts_with("phone_key", phone_key(digits))
        return found or None
    name = name_key(term)
    if len(name) >= NAME_SEARCH_MIN_CHARS:
        found |= starts_with("first_last_key", name) | starts_with("last_first_key", name)
    return found or None


def fieldset(title: str, *lines, **options) -> tuple[str, dict]:
    """One box of a submission's page: `lines` of fields, a tuple of names sharing a line."""
    return (title, {"fields": lines, **options})


# The blocks a submission's page is made of, each declared once; each kind's page lists its own.
WORK = fieldset("Work", ("status", "assignee"), ("reference", "kind", "received"), "hand_off")
NAME_LINE = ("first_name", "last_name", "date_of_birth")
PATIENT = fieldset("Patient", NAME_LINE, ("phone_number", "email", "preferred_contact"), "address")
PATIENT_CONTACT = fieldset("Patient", NAME_LINE, ("phone_number", "email"))
NEW_PATIENT_VISIT = fieldset(
    "Visit", "location", ("body_area", "condition"), "reason", ("doctor_referral", "has_prescription", "injury")
)
INSURANCE = fieldset("Insurance", "insurance")
FOLLOW_UP_VISIT = fieldset("Follow-up visit", "location", "preferred_times", "patient_note")
SELF_PAY_VISIT = fieldset("Visit", "location", "preferred_times", ("body_area", "condition"), "reason")
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


class FrontDeskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return history.person(obj)


def day(value: datetime.date) -> str:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), value.strftime("%b %-d, %Y"))


@admin.register(Submission)
class SubmissionAdmin(PlainWordingMixin, admin.ModelAdmin):
    # Five columns that fit beside the admin's sidebar and filters at 1280 px: a second line in a
    # cell carries what belongs with it (the type under the reference, the clinic under the name,
    # the assignee under the status).
    list_display = ("submission", "patient", "status_and_assignee", "received", "estimate_due")
    list_display_links = ("submission", "patient")
    list_filter = (ViewFilter, StatusFilter, "location", "kind", EstimateFilter, AssigneeFilter, "received_at")
    list_select_related = ("location", "assignee")
    search_fields = ("reference",)  # shows the box; get_search_results does the searching
    search_help_text = (
        "Search by reference (EJY3WE), name (first or last, from its start), phone number (all of it or its last "
        "four digits) or date of birth (03/14/1985)."
    )
    list_per_page = 50
    # Counting every row on each page is what makes a big queue slow; the filtered count stays.
    show_full_result_count = False
    actions = ("assign_to_me",)
    inlines = (NoteInline,)
    fieldsets = KIND_FIELDSETS[Submission.Kind.NEW_PATIENT]

    class Media:
        css = {"all": ["intake/admin.css"]}

    def object_label(self, obj) -> str:
        return obj.reference

    def has_add_permission(self, request):
        return False  # submissions come from the public forms

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("intake.export_submission") and self.has_view_permission(request)

    def get_fieldsets(self, request, obj=None):
        return KIND_FIELDSETS.get(obj.kind, self.fieldsets) if obj is not None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        """All the page shows but what the front desk may change."""
        return [name for name in flatten_fieldsets(self.get_fieldsets(request, obj)) if name not in EDITABLE_FIELDS]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            # A plain choice of the front desk's members: no add/change/delete-user icons beside it.
            return FrontDeskChoiceField(
                queryset=front_desk_members(),
                required=False,
                empty_label="Nobody",
                label="Assignee",
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_ordering(self, request):
        """The work views put the longest waiting first; "All" the newest."""
        view = request.GET.get(ViewFilter.parameter_name)
        if view == "estimates":
            return (F("estimate_due_on").asc(nulls_last=True), "received_at")
        if view in ViewFilter.VIEWS:
            return ("received_at", "pk")
        return ("-received_at", "-pk")

    # The list

    def action_checkbox(self, obj: Submission) -> str:
        """Django's checkbox, written out rather than rendered through a form widget's template for
        each row: 12 of the 46 ms of a 50-row queue page on SQLite."""
        label = f"Select this object for an action - {obj}"
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    @admin.display(description="submission", ordering="reference")
    def submission(self, obj: Submission) -> str:
        return format_html("{}<br><small>{}</small>", obj.reference, obj.get_kind_display())

    @admin.display(description="patient", ordering="last_first_key")
    def patient(self, obj: Submission) -> str:
        return format_html(
            "{}<br><small>{}</small>", obj.patient_name, obj.location.name if obj.location else "No location"
        )

    @admin.display(description="status", ordering="status")
    def status_and_assignee(self, obj: Submission) -> str:
        who = history.person(obj.assignee) if obj.assignee else "Not assigned"
        return format_html("{}<br><small>{}</small>", obj.get_status_display(), who)

    @admin.display(description="received", ordering="received_at")
    def received(self, obj: Submission) -> str:
        local = timezone.localtime(obj.received_at)
        return format_html(
            '<time datetime="{}">{}</time><br><small>{} ago</small>',
            obj.received_at.isoformat(),
            local.strftime("%b %-d, %Y, %-I:%M %p"),
            timesince(obj.received_at),
        )

    @admin.display(description="estimate due", ordering=F("estimate_due_on").asc(nulls_last=True))
    def estimate_due(self, obj: Submission) -> str:
        """The Good Faith Estimate's due date, flagged when overdue; "sent" once it went out."""
        if obj.estimate_due_on is None:
            return "–"
        due = day(obj.estimate_due_on)
        if obj.estimate_sent_on:
            return format_html("{}<br><small>sent {}</small>", due, obj.estimate_sent_on.strftime("%b %-d, %Y"))
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

    def get_search_results(self, request, queryset, search_term):
        """Within the chosen view and filters, the rows `search_query` finds (see there)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = search_query(term)
        return (queryset.filter(found) if found is not None else queryset.none()), False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            self.audit_denied(request, "the submission list")
            raise PermissionDenied
        if request.method == "GET" and not request.GET:
            # The queue opens on what needs doing, as a link: the address and the filter say so.
            return HttpResponseRedirect(f"{request.path}?{ViewFilter.parameter_name}={ViewFilter.DEFAULT}")
        response = super().changelist_view(request, extra_context)
        if request.GET.get("q") and hasattr(response, "context_data"):
            # What the search showed, by reference (never what was typed: it may be a name).
            shown = [obj.reference for obj in response.context_data["cl"].result_list]
            detail = f"searched the submission list: {len(shown)} shown" + (f" ({', '.join(shown)})" if shown else "")
            audit.record(AuditEvent.Action.SEARCH, request=request, detail=detail)
        return response

    def audit_denied(self, request, what: str, submission: Submission | None = None) -> None:
        if request.user.is_authenticated:
            audit.record(AuditEvent.Action.DENIED, request=request, submission=submission, detail=f"refused: {what}")

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for submission in queryset.select_related("assignee"):
            if submission.assignee_id == request.user.pk:
                continue
            before = history.assignment(submission.assignee, request.user)
            submission.assignee = request.user
            submission.save(update_fields=["assignee"])
            history.record(request, submission, [(AuditEvent.Action.ASSIGN, before, before)])
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

    @admin.display(description="hand-off")
    def hand_off(self, obj: Submission) -> str:
        if not getattr(obj, "_can_export", False):
            return "Printing and export need the “export submissions” permission."
        return format_html(
            '<a href="{}">Print view</a> · <a href="{}">Export for the practice system (FHIR R4 JSON)</a>',
            reverse("admin:intake_submission_print", args=[obj.pk]),
            reverse("admin:intake_submission_fhir", args=[obj.pk]),
        )

    @admin.display(description="card")
    def insurance(self, obj: Submission) -> str:
        """Each plan's details beside the photos of its card, front first."""
        plans = getattr(obj, "_shown_plans", None)
        if not plans:
            return "None given"
        return render_to_string("admin/intake/insurance.html", {"submission": obj, "plans": plans})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._intake_submission = obj
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            obj._can_export = self.has_export_permission(request)  # the hand-off links depend on who asks
        if obj is not None and request.method == "GET":
            obj._shown_plans = card_plans(request, obj) if obj.kind == Submission.Kind.NEW_PATIENT else []
        return super().get_form(request, obj, change, **kwargs)

    @method_decorator(sensitive_post_parameters())
    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
        except PermissionDenied:
            self.audit_denied(request, "a submission", getattr(request, "_intake_submission", None))
            raise
        submission = getattr(request, "_intake_submission", None)
        if submission is not None and response.status_code in (200, 302):
            if request.method == "GET":
                images = [image for _, shown in getattr(submission, "_shown_plans", []) for image, _ in shown]
                audit.record(
                    AuditEvent.Action.VIEW_SUBMISSION,
                    request=request,
                    submission=submission,
                    detail=shown_detail(images),
                )
            response["Cache-Control"] = NO_STORE
        return response

    def history_view(self, request, object_id, extra_context=None):
        """History carries notes' text: a look at it is audited, and never stored by the browser."""
        try:
            response = super().history_view(request, object_id, extra_context)
        except PermissionDenied:
            self.audit_denied(request, "a submission's history", getattr(request, "_intake_submission", None))
            raise
        submission = getattr(request, "_intake_submission", None)
        if submission is not None and response.status_code == 200:
            audit.record(AuditEvent.Action.VIEW_SUBMISSION, request=request, submission=submission, detail="history")
            response["Cache-Control"] = NO_STORE
        return response

    def save_model(self, request, obj, form, change):
        # What it was before this save, for "from → to" (the form has already set the new values).
        before = Submission.objects.select_related("assignee").get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        request._intake_changes = history.changes(before, obj)

    def save_formset(self, request, form, formset, change):
        for note in formset.save(commit=False):
            if note.pk is None:
                note.author = request.user
                note.submission = form.instance
                note.save()
                request._intake_changes = [*getattr(request, "_intake_changes", []), history.note_added(note)]

    def log_change(self, request, obj, message):
        """One history entry and one audit row per kind of change, each saying from what to what."""
        found = getattr(request, "_intake_changes", [])
        if found:
            history.record(request, obj, found)
        else:
            audit.record(
                AuditEvent.Action.CHANGE_SUBMISSION, request=request, submission=obj, detail="saved, no change"
            )

    def get_urls(self):
        def view(name, route, function):
            return path(f"<int:submission_id>/{route}", self.admin_site.admin_view(function), name=name)

        return [
            view("intake_submission_card_image", "card/<int:image_id>/", self.card_image_view),
            view("intake_submission_cards", "cards/", self.card_viewer),
            view("intake_submission_print", "print/", self.print_view),
            view("intake_submission_fhir", "fhir/", self.fhir_view),
            *super().get_urls(),
        ]

    def allowed_submission(self, request, submission_id: int, what: str, *, export=False) -> Submission:
        """The submission, for staff allowed to see it (and to export it, where asked); refusals audited."""
        submission = Submission.objects.select_related("location").filter(pk=submission_id).first()
        allowed = self.has_export_permission(request) if export else self.has_view_permission(request)
        if not allowed:
            self.audit_denied(request, what, submission)
            raise PermissionDenied
        if submission is None:
            raise Http404("No such submission")
        return submission

    def card_image_view(self, request: HttpRequest, submission_id: int, image_id: int) -> HttpResponse:
        """A card image's bytes. Shown inside an audited page, its request adds no row; alone, it is audited."""
        self.allowed_submission(request, submission_id, "a card image")
        image = get_object_or_404(
            CardImage.objects.select_related("policy__submission"), pk=image_id, policy__submission_id=submission_id
        )
        if not was_shown(request, image):
            audit.record(
                AuditEvent.Action.VIEW_IMAGE,
                request=request,
                submission=image.policy.submission,
                detail=f"{image_name(image)}, opened by itself",
            )
        response = HttpResponse(image.jpeg(), content_type=CardImage.CONTENT_TYPE)
        for header, value in IMAGE_HEADERS.items():
            response[header] = value
        return response

    def page(self, request, submission, template: str, title: str, chrome=True, **context) -> TemplateResponse:
        # The print view has no admin sidebar: it needs the site's title only.
        around = self.admin_site.each_context(request) if chrome else {"site_title": self.admin_site.site_title}
        response = TemplateResponse(
            request,
            template,
            {
                **around,
                "opts": self.opts,
                "title": title,
                "submission": submission,
                **context,
            },
        )
        response["Cache-Control"] = NO_STORE
        return response

    def card_viewer(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        """The card photos on a page of their own: front and back side by side, fit or 100 %, rotated."""
        submission = self.allowed_submission(request, submission_id, "card images")
        plans = card_plans(request, submission)
        images = [image for _, shown in plans for image, _ in shown]
        audit.record(
            AuditEvent.Action.VIEW_IMAGE,
            request=request,
            submission=submission,
            detail=shown_detail(images, "card viewer"),
        )
        return self.page(
            request,
            submission,
            "admin/intake/card_viewer.html",
            f"Insurance cards of {submission.reference}",
            plans=plans,
        )

    def print_view(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        """One US Letter page per submission through print CSS; the browser's "Save as PDF" makes the PDF."""
        submission = self.allowed_submission(request, submission_id, "print view", export=True)
        plans = card_plans(request, submission)
        images = [image for _, shown in plans for image, _ in shown]
        audit.record(AuditEvent.Action.PRINT, request=request, submission=submission, detail=shown_detail(images))
        return self.page(
            request,
            submission,
            "admin/intake/print.html",
            f"{submission.reference} for the chart",
            chrome=False,
            plans=plans,
            phone=national_phone(submission.phone),
        )

    def fhir_view(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        """The patient and their coverage as a FHIR R4 bundle, to import into the practice system."""
        submission = self.allowed_submission(request, submission_id, "FHIR export", export=True)
        bundle = fhir.bundle(submission)
        audit.record(AuditEvent.Action.EXPORT, request=request, submission=submission, detail=fhir.summary(bundle))
        response = HttpResponse(fhir.to_json(bundle), content_type="application/fhir+json")
        response["Content-Disposition"] = f'attachment; filename="{submission.reference}.fhir.json"'
        response["Cache-Control"] = NO_STORE
        return response


class ReadOnlyAdmin(PlainWordingMixin, admin.ModelAdmin):
    """Rows nobody may add, change or delete in the admin, superusers included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "username", "action", "submission_link", "detail", "ip_address")
    list_display_links = ("at",)
    list_filter = ("action", "at")
    search_fields = ("reference", "username")
    date_hierarchy = "at"
    fields = ("at", "username", "action", "reference", "detail", "ip_address")
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Audit log", **(extra_context or {})})

    @admin.display(description="submission", ordering="reference")
    def submission_link(self, event: AuditEvent) -> str:
        """The reference, linked to its submission while it exists."""
        if not event.reference:
            return "–"
        if event.submission_id is None:
            return event.reference
        url = reverse("admin:intake_submission_change", args=[event.submission_id])
        return format_html('<a href="{}">{}</a>', url, event.reference)

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
class SelfPayRateAdmin(PlainWordingMixin, admin.ModelAdmin):
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
