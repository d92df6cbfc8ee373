"""Intake submissions and what the front desk needs to work them.

One `Submission` per form a patient sends, whatever its kind (new patient, follow-up request,
self-pay registration): one queue for the front desk. Everything here may hold patient data,
so no `__str__` ever shows more than a reference code.

At the end, what content editors keep for the follow-up and self-pay pages (no patient data):
the patient portal link, the self-pay rates and the notice of the right to a Good Faith Estimate.
"""

import re
import secrets
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clinic_site.models import SingletonModel
from conditions.models import Condition

from . import estimates
from .crypto import EncryptedTextField, decrypt

# The one-time token every form page carries (secrets.token_urlsafe(32): 43 characters). A value
# that is not one is never looked up (a NUL in it would be a database error on PostgreSQL).
FORM_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")
# No 0/O, 1/I/L, 5/S or 2/Z: a reference is read out over the phone.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
REFERENCE_GROUPS = (4, 2)  # characters in each part of "R7K2-QF"


def new_reference() -> str:
    return "-".join("".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(size)) for size in REFERENCE_GROUPS)


def reference_typed(text: str) -> str | None:
    """A reference however it was typed ("ejy3we", "EJY3 WE") in its stored form, else None."""
    compact = "".join(ch for ch in text.upper() if ch not in " -")
    if len(compact) != sum(REFERENCE_GROUPS) or any(ch not in REFERENCE_ALPHABET for ch in compact):
        return None
    return f"{compact[: REFERENCE_GROUPS[0]]}-{compact[REFERENCE_GROUPS[0] :]}"


def name_key(*parts: str) -> str:
    """Names as the queue's search compares them: no case, no accents, single spaces."""
    text = unicodedata.normalize("NFKD", " ".join(parts)).casefold()
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def phone_key(phone: str) -> str:
    """A phone number's ten digits, last first: a search by its last digits is then an indexed prefix."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-10:][::-1]


class SubmissionQuerySet(models.QuerySet):
    def waiting(self):
        """Submissions the front desk still has to finish."""
        return self.exclude(status__in=Submission.DONE_STATUSES)

    def not_picked_up(self):
        return self.filter(status=Submission.Status.NEW, assignee__isnull=True)

    def estimate_outstanding(self):
        """Good Faith Estimates that are due and not yet sent."""
        return self.filter(estimate_due_on__isnull=False, estimate_sent_on__isnull=True)

    def estimate_overdue(self, today=None):
        """Good Faith Estimates not sent by their due date."""
        return self.estimate_outstanding().filter(estimate_due_on__lt=today or timezone.localdate())


class Submission(models.Model):
    class Kind(models.TextChoices):
        NEW_PATIENT = "new_patient", "New patient"
        FOLLOW_UP = "follow_up", "Follow-up"
        SELF_PAY = "self_pay", "Self-pay"

    class Status(models.TextChoices):
        NEW = "new", "New"
        VERIFYING = "verifying", "Verifying benefits"
        NEEDS_INFORMATION = "needs_information", "Needs information"
        VERIFIED = "verified", "Verified"
        SCHEDULED = "scheduled", "Scheduled"
        CLOSED = "closed", "Closed"
        INSURANCE_INACTIVE = "insurance_inactive", "Insurance inactive"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    class Injury(models.TextChoices):
        NONE = "none", "No"
        CAR_ACCIDENT = "car_accident", "Yes, a car accident"
        WORK_INJURY = "work_injury", "Yes, an injury at work"

    DONE_STATUSES = (Status.SCHEDULED, Status.CLOSED, Status.INSURANCE_INACTIVE)

    # The queue
    reference = models.CharField(max_length=7, unique=True, default=new_reference, editable=False)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.NEW_PATIENT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    location = models.ForeignKey(
        "locations.Location",
        verbose_name="preferred location",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intake_assignments",
        help_text="Who on the front desk is working this submission.",
    )
    received_at = models.DateTimeField("received", default=timezone.now, editable=False, db_index=True)
    picked_up_at = models.DateTimeField("picked up", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(
        "closed", null=True, blank=True, editable=False, help_text="Retention periods count from here."
    )
    images_purged_at = models.DateTimeField("card images deleted", null=True, blank=True, editable=False)
    # One per rendered form: a replay of the same form finds this submission instead of making another.
    form_token = models.CharField(max_length=64, unique=True, editable=False)

    # About you
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField("date of birth")
    phone = models.CharField(max_length=20, help_text="As +1 and ten digits.")
    email = models.EmailField(blank=True)
    address_line1 = models.CharField("address", max_length=120, blank=True)
    address_line2 = models.CharField("address line 2", max_length=120, blank=True)
    city = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )

    # Your visit
    reason = models.TextField("what brings them in", blank=True)
    body_area = models.CharField("where the problem is", max_length=20, choices=Condition.Region.choices, blank=True)
    # Chosen from the A to Z by submissions made before the forms asked for the body area instead.
    condition = models.ForeignKey(
        "conditions.Condition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    doctor_referral = models.BooleanField("referred by a doctor", default=False)
    has_prescription = models.BooleanField("has a prescription for physical therapy", default=False)
    injury = models.CharField(
        "follows an accident", max_length=20, choices=Injury.choices, default=Injury.NONE, blank=True
    )

    # Consent
    # The version of the Notice of Privacy Practices the patient acknowledged (see the notices app).
    privacy_notice = models.ForeignKey(
        "notices.NoticeVersion",
        verbose_name="privacy notice version accepted",
        null=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    consent_to_contact = models.BooleanField("agreed to be contacted", default=False)

    # Follow-up and self-pay
    preferred_times = models.CharField("preferred days and times", max_length=200, blank=True)
    patient_note = models.TextField("note from the patient", blank=True)
    wants_estimate = models.BooleanField("asked for a Good Faith Estimate", default=False)

    # Good Faith Estimate (self-pay): staff record the dates; the due date follows from them.
    estimate_requested_on = models.DateField(
        "estimate requested on",
        null=True,
        blank=True,
        help_text="The day the patient asked for an estimate (filled in when they asked on the form).",
    )
    appointment_scheduled_on = models.DateField(
        "appointment booked on", null=True, blank=True, help_text="The day the appointment was scheduled."
    )
    appointment_on = models.DateField("appointment date", null=True, blank=True)
    estimate_due_on = models.DateField(
        "estimate due by",
        null=True,
        blank=True,
        editable=False,
        help_text="Worked out from the dates above: 3 business days after a request; 1 business day after "
        "booking a visit 3 to 9 business days ahead; 3 business days after booking one 10 or more ahead.",
    )
    estimate_sent_on = models.DateField(
        "estimate sent on", null=True, blank=True, help_text="The day the written estimate went to the patient."
    )

    # What the queue's search compares, kept in step by save(): indexed, so a search never reads every row.
    first_last_key = models.CharField(max_length=170, blank=True, editable=False, db_index=True)
    last_first_key = models.CharField(max_length=170, blank=True, editable=False, db_index=True)
    phone_key = models.CharField(max_length=10, blank=True, editable=False, db_index=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "submission"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            # The default view (what needs doing, oldest first) and the admin home's counts read only these.
            models.Index(
                fields=["received_at"],
                name="intake_open_by_received",
                condition=~Q(status__in=["scheduled", "closed", "insurance_inactive"]),
            ),
            models.Index(fields=["status", "location"], name="intake_status_location"),
            # "All" sorted by patient or by estimate due, in the order the queue asks for (the newest
            # first within a name or a day): without them SQLite sorts every submission for each page.
            models.Index(fields=["last_first_key", "-received_at", "-id"], name="intake_all_by_patient"),
            models.Index(fields=["estimate_due_on", "-received_at", "-id"], name="intake_all_by_estimate_due"),
            # "Estimates due" and "estimate overdue": the few still owed, never the years of sent ones.
            models.Index(
                fields=["estimate_due_on"],
                name="intake_estimate_outstanding",
                condition=Q(estimate_due_on__isnull=False, estimate_sent_on__isnull=True),
            ),
        ]
        permissions = [("export_submission", "Can print and export submissions")]

    def __str__(self) -> str:
        return f"Submission {self.reference}"

    def save(self, *args, **kwargs):
        now = timezone.now()
        if self.picked_up_at is None and (self.assignee_id or self.status != self.Status.NEW):
            self.picked_up_at = now
        if self.status == self.Status.CLOSED and self.closed_at is None:
            self.closed_at = now
        elif self.status != self.Status.CLOSED:
            self.closed_at = None
        self.estimate_due_on = estimates.due_date(
            requested_on=self.estimate_requested_on,
            scheduled_on=self.appointment_scheduled_on,
            appointment_on=self.appointment_on,
        )
        self.first_last_key = name_key(self.first_name, self.last_name)
        self.last_first_key = name_key(self.last_name, self.first_name)
        self.phone_key = phone_key(self.phone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "picked_up_at", "closed_at", "estimate_due_on"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.appointment_on and not self.appointment_scheduled_on:
            errors["appointment_scheduled_on"] = "Enter the day the appointment was booked."
        if self.appointment_scheduled_on and not self.appointment_on:
            errors["appointment_on"] = "Enter the appointment date."
        if (
            self.appointment_on
            and self.appointment_scheduled_on
            and self.appointment_on < self.appointment_scheduled_on
        ):
            errors["appointment_on"] = "The appointment cannot be before the day it was booked."
        if errors:
            raise ValidationError(errors)

    def get_admin_url(self) -> str:
        return reverse("admin:intake_submission_change", args=[self.pk])

    @property
    def patient_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def estimate_overdue(self) -> bool:
        """A Good Faith Estimate past its due date and not yet sent."""
        return bool(self.estimate_due_on and not self.estimate_sent_on and self.estimate_due_on < timezone.localdate())


class InsurancePolicy(models.Model):
    class Rank(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    class Relationship(models.TextChoices):
        SELF = "self", "The patient"
        SPOUSE = "spouse", "Spouse or partner"
        PARENT = "parent", "Parent or guardian"
        OTHER = "other", "Someone else"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="policies")
    rank = models.CharField(max_length=10, choices=Rank.choices, default=Rank.PRIMARY)
    carrier = models.CharField("insurance company", max_length=120)
    member_id = EncryptedTextField("member ID", help_text="Stored encrypted.")
    group_number = EncryptedTextField("group number", blank=True, help_text="Stored encrypted.")
    relationship = models.CharField(
        "policyholder is", max_length=10, choices=Relationship.choices, default=Relationship.SELF
    )
    holder_name = models.CharField("policyholder’s name", max_length=160, blank=True)
    holder_date_of_birth = models.DateField("policyholder’s date of birth", null=True, blank=True)

    class Meta:
        ordering = ["submission", "rank"]
        verbose_name = "insurance policy"
        verbose_name_plural = "insurance policies"
        constraints = [models.UniqueConstraint(fields=["submission", "rank"], name="one_policy_per_rank")]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} insurance"

    @property
    def holder_is_patient(self) -> bool:
        return self.relationship == self.Relationship.SELF


class CardImage(models.Model):
    """A photo of one side of an insurance card: re-encoded as JPEG, then encrypted."""

    class Side(models.TextChoices):
        FRONT = "front", "Front"
        BACK = "back", "Back"

    CONTENT_TYPE = "image/jpeg"

    policy = models.ForeignKey(InsurancePolicy, on_delete=models.CASCADE, related_name="images")
    side = models.CharField(max_length=5, choices=Side.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    data = models.BinaryField(help_text="The JPEG, encrypted.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "side"]
        verbose_name = "card image"
        constraints = [models.UniqueConstraint(fields=["policy", "side"], name="one_image_per_card_side")]

    def __str__(self) -> str:
        return f"Card {self.get_side_display().lower()}"

    def jpeg(self) -> bytes:
        return decrypt(self.data)


class Note(models.Model):
    """An internal note by the front desk, or a correction the patient sent after their submission.
    Notes are never edited, only added. Their text may hold insurance numbers: stored encrypted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = EncryptedTextField("note")
    created_at = models.DateTimeField("written", default=timezone.now, editable=False)
    # A patient's correction: one note however many times the browser sends it.
    correction_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self) -> str:
        return "Internal note"


class Notification(models.Model):
    """An email waiting to go, or gone. Holds no patient data beyond a patient's own address."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Front desk alert"
        PATIENT = "patient", "Patient acknowledgement"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    submission = models.ForeignKey(Submission, null=True, on_delete=models.SET_NULL, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "email notification"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class AuditEvent(models.Model):
    """Who looked at which submission or card image, when and from where. Never edited."""

    class Action(models.TextChoices):
        VIEW_SUBMISSION = "view_submission", "Viewed a submission"
        CHANGE_SUBMISSION = "change_submission", "Changed a submission"
        CHANGE_STATUS = "change_status", "Changed the status"
        ASSIGN = "assign", "Changed who works it"
        ADD_NOTE = "add_note", "Added a note"
        CHANGE_ESTIMATE = "change_estimate", "Changed the Good Faith Estimate"
        VIEW_IMAGE = "view_image", "Viewed card images"
        PRINT = "print", "Printed a submission"
        EXPORT = "export", "Exported a submission (FHIR)"
        DENIED = "denied", "Refused: no permission"
        SEARCH = "search", "Searched the queue"
        RETENTION = "retention", "Retention run"
        REENCRYPT = "reencrypt", "Re-encrypted with the newest key"

    at = models.DateTimeField("when", default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("who", max_length=150, blank=True, help_text="Kept if the account is deleted.")
    action = models.CharField(max_length=20, choices=Action.choices)
    submission = models.ForeignKey(Submission, null=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField("which", max_length=7, blank=True)
    detail = models.CharField(
        max_length=500,
        blank=True,
        help_text="What was shown or changed: names of fields and statuses, never what the patient typed.",
    )
    ip_address = models.GenericIPAddressField("from", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"
        constraints = [
            models.CheckConstraint(
                name="audit_event_names_its_submission",
                condition=~Q(action__in=["view_submission", "change_submission", "view_image"]) | ~Q(reference=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.reference}".strip()


validate_https_url = URLValidator(
    schemes=["https"], message="Enter the full address, starting with https://", code="not_https"
)


class PatientPortal(SingletonModel):
    """Where the "Patient portal" button on /follow-up/ goes. One row, edited by content editors."""

    url = models.URLField(
        "patient portal address",
        max_length=500,
        blank=True,
        validators=[validate_https_url],
        help_text="The full address patients sign in at, starting with https://. Leave empty to use the address "
        "set on the server (PATIENT_PORTAL_URL); with neither, the follow-up page asks patients to call instead.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        verbose_name = "patient portal link"

    def __str__(self) -> str:
        return "Patient portal link"

    @classmethod
    def address(cls) -> str:
        """The portal address staff set in the admin, else the environment's, else ""."""
        url = cls.objects.filter(pk=cls.SINGLETON_ID).values_list("url", flat=True).first()
        url = url or settings.PATIENT_PORTAL_URL
        try:
            validate_https_url(url)
        except ValidationError:
            return ""
        return url


class SelfPayRateQuerySet(models.QuerySet):
    def shown(self):
        """The rates as the public sees them, in display order."""
        return self.order_by("position", "name")


class SelfPayRate(models.Model):
    """One line of the self-pay price list on /self-pay/."""

    name = models.CharField(max_length=120, help_text="What the patient pays for, e.g. “Initial evaluation”.")
    price = models.DecimalField(
        "price (US dollars)",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text="e.g. 150 or 150.00",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Optional, one line, e.g. “About 60 minutes, one to one”."
    )
    position = models.PositiveSmallIntegerField("display order", default=0)
    is_sample = models.BooleanField(
        "sample rate",
        default=False,
        help_text="Ticked while this is a placeholder rate, shown to patients as a sample. Changing the name or "
        "price clears it.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = SelfPayRateQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "self-pay rate"
        constraints = [
            models.CheckConstraint(
                name="self_pay_rate_not_negative",
                condition=Q(price__gte=0),
                violation_error_message="A price cannot be negative.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def price_display(self) -> str:
        """$150 for whole dollars, $150.50 otherwise."""
        if self.price == self.price.to_integral_value():
            return f"${self.price:,.0f}"
        return f"${self.price:,.2f}"


# The model notice the Centers for Medicare & Medicaid Services publish, in their words.
GOOD_FAITH_ESTIMATE_NOTICE = "\n\n".join(
    [
        "You have the right to receive a “Good Faith Estimate” explaining how much your medical care will cost.",
        "Under the law, health care providers need to give patients who don’t have insurance or who are not using "
        "insurance an estimate of the bill for medical items and services.",
        "You have the right to receive a Good Faith Estimate for the total expected cost of any non-emergency items "
        "or services. This includes related costs like medical tests, prescription drugs, equipment, and hospital "
        "fees.",
        "Make sure your health care provider gives you a Good Faith Estimate in writing at least 1 business day "
        "before your medical service or item. You can also ask your health care provider, and any other provider "
        "you choose, for a Good Faith Estimate before you schedule an item or service.",
        "If you receive a bill that is at least $400 more than your Good Faith Estimate, you can dispute the bill.",
        "Make sure to save a copy or picture of your Good Faith Estimate.",
        "For questions or more information about your right to a Good Faith Estimate, visit "
        "www.cms.gov/nosurprises or call 1-800-985-3059.",
    ]
)


class GoodFaithEstimateNotice(SingletonModel):
    """The notice of the right to a Good Faith Estimate on /self-pay/. One row, edited by content editors."""

    title = models.CharField(max_length=120, default="Your right to a Good Faith Estimate")
    text = models.TextField(
        default=GOOD_FAITH_ESTIMATE_NOTICE,
        help_text="Plain text. Leave an empty line between paragraphs. The starting text is the model notice "
        "published by the Centers for Medicare & Medicaid Services.",
    )
    is_sample = models.BooleanField(
        "awaiting confirmation",
        default=True,
        help_text="Ticked while the practice has not yet checked this text; patients see it marked as a sample. "
        "Untick once confirmed.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        verbose_name = "Good Faith Estimate notice"

    def __str__(self) -> str:
        return "Good Faith Estimate notice"


class HeldPhoto(models.Model):
    """A card photo from a new-patient form that had another problem, kept so the patient need
    not attach it again (see intake.held_photos).

    Re-encoded and encrypted like a CardImage, it belongs to one form's token and to the browser
    session that sent it, never to anyone else. Sending the form turns it into a CardImage and
    deletes it; `manage.py intake_retention` deletes any left after a couple of hours.
    """

    form_token = models.CharField(max_length=64, editable=False)
    owner = models.CharField(max_length=64, editable=False, help_text="A digest of a secret in the sender's session.")
    side = models.CharField(max_length=5, choices=CardImage.Side.choices)
    file_name = models.BinaryField(help_text="The name of the file as the patient chose it, encrypted.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    data = models.BinaryField(help_text="The JPEG, encrypted.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "held card photo"
        constraints = [
            models.UniqueConstraint(fields=["form_token", "owner", "side"], name="one_held_photo_per_form_side")
        ]

    def __str__(self) -> str:
        return f"Held card {self.get_side_display().lower()}"
