"""The three intake forms: new patient, follow-up and self-pay. Every message says what to do, in the patient's words.

`IntakeForm` holds what all three ask (about you, the clinic, consent, the one-time token); the
`...Fields` blocks add the questions two of them share; each form lists only its own questions,
messages and `FIELDSETS`.
"""

import datetime
import re
import secrets
import unicodedata
from collections.abc import Set as AbstractSet

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from conditions.models import Condition
from locations.models import Location

from . import abuse, images
from .models import FORM_TOKEN_RE, InsurancePolicy, Submission

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
    ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"),
    ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
    ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
    ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
    ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"),
    ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"),
    ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
    ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"), ("GU", "Guam"),
]  # fmt: skip
ZIP_RE = re.compile(r"^\d{5}(-\d{4})?$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CARD_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-./]*$")
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.heic,.heif"
PHOTO_FIELDS = ("card_front", "card_back")
PHOTO_SIDES = {"card_front": "front", "card_back": "back"}  # form field: CardImage.Side
# More problems than this and a phone shows the error summary as one line per fieldset.
SHORT_SUMMARY_OVER = 8
PREFERRED_TIMES_HELP = "For example “weekday mornings” or “Tuesday or Thursday after 4 PM”."
# What a form judged to be sent by a bot hears: a person mistaken for one just sends it again.
CHECK_AND_SEND_AGAIN = "Please check your answers and send the form again."
OVERSIZED_MESSAGE = (
    "This photo is too large to upload (over {limit}). "
    "Take it again, or choose a smaller size in your camera settings."
)


# What a person cannot see or type on purpose: control and format characters (zero-width
# spaces, BOMs, direction overrides), line separators, and the blank "letters" (Hangul fillers,
# the blank Braille pattern) that fonts draw as nothing.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")
# Zero-width (non-)joiners are part of spelling in Persian, Hindi and other scripts: kept between letters.
JOINERS = set("\u200c\u200d")


def visible_text(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC with invisible and control characters removed (line breaks kept when `multiline`)."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    kept = []
    for index, char in enumerate(value):
        if multiline and char == "\n":
            kept.append(char)
        elif char in JOINERS:
            before, after = value[index - 1 : index], value[index + 1 : index + 2]
            if before.isalpha() and after.isalpha():
                kept.append(char)
        elif char in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85" or unicodedata.category(char) in {"Zl", "Zp"}:
            kept.append(" ")  # a break between words, not nothing
        elif unicodedata.category(char) not in INVISIBLE_CATEGORIES and char not in BLANK_LETTERS:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


class VisibleTextField(forms.CharField):
    """Text as the person sees it: NFC, no invisible or control characters. Text that was only
    invisible characters counts as empty, so a required field asks for it with its own message."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = visible_text(value, multiline=self.multiline)
        return super().to_python(value)


class NameField(VisibleTextField):
    """A person's name: visible text with at least one letter in it."""

    default_error_messages = {"no_letters": "Enter the name in letters, as it is written on an ID."}

    def validate(self, value):
        super().validate(value)
        if value and not any(char.isalpha() for char in value):
            raise ValidationError(self.error_messages["no_letters"], code="no_letters")


class FormTokenField(forms.CharField):
    """The form's one-time token. Any other value (no browser sends one) is refused with the
    form's single message, before a validator or a lookup sees it: a NUL, which PostgreSQL
    cannot compare, or text of the wrong length or alphabet."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if value and not FORM_TOKEN_RE.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class TrapInput(forms.TextInput):
    """The honeypot's box: whatever a bot put in it is never shown back."""

    def format_value(self, value):
        return None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        # A date box may only hold YYYY-MM-DD: junk sent back is shown empty (with its error), not as bad HTML.
        value = super().format_value(value)
        if isinstance(value, str) and not ISO_DATE_RE.match(value):
            return None
        return value


def _text(label, *, max_length, autocomplete=None, required=True, help_text="", name=False, **attrs):
    widget_attrs = {"autocomplete": autocomplete} if autocomplete else {}
    widget_attrs.update(attrs)
    return (NameField if name else VisibleTextField)(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=widget_attrs),
    )


def _past_date(value: datetime.date | None, *, whose: str) -> datetime.date | None:
    if value is None:
        return value
    today = timezone.localdate()
    if value > today:
        raise ValidationError(f"Enter {whose} date of birth: it cannot be in the future.")
    if value < today.replace(year=today.year - 120):
        raise ValidationError(f"Enter {whose} date of birth, for example 03/14/1985.")
    return value


def clean_us_phone(raw: str) -> str:
    """A US phone number as +1 and ten digits, or a message saying how to write it."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as error:
        raise ValidationError("Enter a phone number we can call, for example 212-555-0147.") from error
    if not phonenumbers.is_valid_number(number) or number.country_code != 1:
        raise ValidationError("Enter a US phone number we can call, with its area code, for example 212-555-0147.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


ABOUT_YOU = "first_name last_name date_of_birth phone email"
ADDRESS = "address_line1 address_line2 city state zip_code preferred_contact"
CONSENT_FIELDSET = ("consent", "Privacy and consent", "privacy_acknowledged consent_to_contact")


class IntakeForm(forms.Form):
    """What every intake form asks. Subclasses list their `FIELDSETS` and their own `FIELD_MESSAGES`.

    A form's messages are those of every class it is made of; a subclass's entry replaces its base's.
    """

    required_css_class = "field--required"
    FIELDSETS: list[tuple[str, str, str]] = []  # (id, legend, field names)

    first_name = _text("First name", max_length=80, autocomplete="given-name", name=True)
    last_name = _text("Last name", max_length=80, autocomplete="family-name", name=True)
    date_of_birth = forms.DateField(label="Date of birth", widget=DateInput(attrs={"autocomplete": "bday"}))
    phone = VisibleTextField(
        label="Phone number",
        max_length=30,
        help_text="A US number we can call, for example 212-555-0147.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="Needed only if you would like us to email you. We send your reference here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    location = forms.ModelChoiceField(
        label="Which clinic would you like to visit?",
        queryset=Location.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    privacy_acknowledged = forms.BooleanField(label="I have read the Notice of Privacy Practices")
    consent_to_contact = forms.BooleanField(label="You may contact me about my visit by phone, text or email")
    form_token = FormTokenField()
    # Hidden from people by the stylesheet (form.html); bots fill in every box they find.
    homepage = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=TrapInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    FIELD_MESSAGES = {
        "first_name": "Enter your first name.",
        "last_name": "Enter your last name.",
        "date_of_birth": "Enter your date of birth, for example 03/14/1985.",
        "phone": "Enter a phone number we can call.",
        "location": "Choose the clinic you would like to visit.",
        "privacy_acknowledged": "Tick to say you have read the Notice of Privacy Practices.",
        "consent_to_contact": "Tick to let us contact you: we need to call you back to book your visit.",
        "form_token": "This form has expired. Reload the page and fill it in again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The error summary lists problems in the order the page shows the questions.
        self.order_fields([name for _, _, names in self.FIELDSETS for name in names.split()])
        self.fields["location"].queryset = Location.objects.active()
        for name, message in self.field_messages().items():
            field = self.fields[name]
            field.error_messages["required"] = message
            field.error_messages["invalid"] = message
            field.error_messages["invalid_choice"] = message
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(32))

    def error_groups(self) -> list[tuple[str, str, int]]:
        """When more than SHORT_SUMMARY_OVER questions have problems (a form sent nearly empty),
        one line per fieldset, (id, legend, how many), for the error summary on a phone; else []."""
        if len(self.errors) <= SHORT_SUMMARY_OVER:
            return []
        groups = []
        for key, legend, names in self.FIELDSETS:
            count = sum(1 for name in names.split() if name in self.errors)
            if count:
                groups.append((key, legend, count))
        return groups

    @classmethod
    def field_messages(cls) -> dict[str, str]:
        """The messages of every class this form is made of, a subclass's entry replacing its base's."""
        messages: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            messages.update(vars(klass).get("FIELD_MESSAGES", {}))
        return messages

    def full_clean(self):
        super().full_clean()
        # Only a form with nothing else wrong is judged: a person's mistakes get their own messages first.
        if self.is_bound and not self._errors and abuse.filled_by_a_bot(self.data, self.cleaned_data["form_token"]):
            self.add_error(None, CHECK_AND_SEND_AGAIN)

    @property
    def started_stamp(self) -> str:
        """For the hidden `started` field: the stamp sent back when it is genuine, else a new one from now."""
        token = self["form_token"].value() or ""
        sent = self.data.get(abuse.STARTED_FIELD, "") if self.is_bound else ""
        return sent if abuse.seconds_since_shown(sent, token) is not None else abuse.started_stamp(token)

    def clean_date_of_birth(self):
        return _past_date(self.cleaned_data["date_of_birth"], whose="your")

    def clean_phone(self):
        return clean_us_phone(self.cleaned_data["phone"])

    def fieldsets(self) -> list[tuple[str, str, list]]:
        """(id, legend, fields) in the order the page shows them."""
        return [(key, legend, [self[name] for name in names.split()]) for key, legend, names in self.FIELDSETS]


class AddressFields(forms.Form):
    """Where the patient lives and how they would like us to contact them. Mixed into an `IntakeForm`."""

    address_line1 = _text("Street address", max_length=120, autocomplete="address-line1")
    address_line2 = _text("Apartment, suite or unit", max_length=120, autocomplete="address-line2", required=False)
    city = _text("Town or city", max_length=80, autocomplete="address-level2")
    state = forms.ChoiceField(
        label="State",
        choices=[("", "Choose a state")] + US_STATES,
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    zip_code = _text(
        "ZIP code", max_length=10, autocomplete="postal-code", inputmode="numeric", help_text="For example 07928."
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=Submission.ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=Submission.ContactMethod.PHONE,
    )

    FIELD_MESSAGES = {
        "address_line1": "Enter your street address.",
        "city": "Enter your town or city.",
        "state": "Choose your state.",
        "zip_code": "Enter your ZIP code.",
        "preferred_contact": "Choose how we should contact you.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The consent can point back to the way of contact chosen in this block.
        consent = self.fields["consent_to_contact"]
        consent.label = "You may contact me about my visit by phone, text or email, as I chose above"

    def clean_zip_code(self):
        value = self.cleaned_data["zip_code"].strip()
        if not ZIP_RE.match(value):
            raise ValidationError("Enter a 5-digit ZIP code, for example 07928.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preferred_contact") == Submission.ContactMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", "Enter your email address, or choose another way for us to contact you.")
        return cleaned


class ConditionFields(forms.Form):
    """What brings the patient in: where it hurts, from a short fixed list, and their own words.

    A choice among every published condition grew with the A to Z (800 KB of HTML at 10,000);
    the body areas are the same eight however many conditions there are, easy to tap on a phone."""

    body_area = forms.ChoiceField(
        label="Where is the problem?",
        choices=[*Condition.Region.choices, ("", "Somewhere else, or I am not sure")],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = VisibleTextField(
        multiline=True,
        label="What brings you in?",
        max_length=2000,
        required=False,
        help_text="A sentence or two is plenty, for example “lower back pain since March”.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PreferredTimesField(forms.Form):
    """When suits the patient for the call that books their visit."""

    preferred_times = _text(
        "Which days and times suit you?",
        max_length=200,
        autocomplete="off",
        required=False,
        help_text=PREFERRED_TIMES_HELP,
    )

    def clean_preferred_times(self):
        return " ".join(self.cleaned_data["preferred_times"].split())


class NewPatientForm(AddressFields, ConditionFields, IntakeForm):
    """What a new patient tells us. Card photos are checked and re-encoded as the form is cleaned."""

    # Your visit
    doctor_referral = forms.BooleanField(label="A doctor referred me", required=False)
    has_prescription = forms.BooleanField(label="I have a prescription for physical therapy", required=False)
    injury = forms.ChoiceField(
        label="Is this from a car accident or an injury at work?",
        choices=Submission.Injury.choices,
        widget=forms.RadioSelect,
        initial=Submission.Injury.NONE,
    )

    # Insurance
    carrier = _text(
        "Insurance company", max_length=120, autocomplete="off", help_text="As printed on the card, for example Aetna."
    )
    member_id = _text(
        "Member ID",
        max_length=40,
        autocomplete="off",
        spellcheck="false",
        help_text="Printed on the front of the card.",
    )
    group_number = _text(
        "Group number",
        max_length=40,
        autocomplete="off",
        spellcheck="false",
        required=False,
        help_text="Leave blank if your card has none.",
    )
    relationship = forms.ChoiceField(
        label="Whose insurance is it?",
        choices=[
            (InsurancePolicy.Relationship.SELF, "Mine: I am the policyholder"),
            (InsurancePolicy.Relationship.SPOUSE, "My spouse’s or partner’s"),
            (InsurancePolicy.Relationship.PARENT, "My parent’s or guardian’s"),
            (InsurancePolicy.Relationship.OTHER, "Someone else’s"),
        ],
        widget=forms.RadioSelect,
        initial=InsurancePolicy.Relationship.SELF,
    )
    holder_name = _text(
        "Policyholder’s full name",
        max_length=160,
        autocomplete="off",
        required=False,
        name=True,
    )
    holder_date_of_birth = forms.DateField(
        label="Policyholder’s date of birth",
        required=False,
        widget=DateInput(attrs={"autocomplete": "off"}),
    )
    card_front = forms.FileField(
        label="Photo of the front of your card",
        help_text="JPEG, PNG, WebP or HEIC. Lay the card flat in good light.",
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    card_back = forms.FileField(
        label="Photo of the back of your card",
        help_text="JPEG, PNG, WebP or HEIC.",
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    secondary_carrier = _text("Second insurance company", max_length=120, autocomplete="off", required=False)
    secondary_member_id = _text(
        "Second plan’s member ID", max_length=40, autocomplete="off", spellcheck="false", required=False
    )
    secondary_group_number = _text(
        "Second plan’s group number", max_length=40, autocomplete="off", spellcheck="false", required=False
    )

    FIELD_MESSAGES = {
        "injury": "Tell us whether this is from a car accident or an injury at work.",
        "carrier": "Enter the name of your insurance company.",
        "member_id": "Enter the member ID from your card.",
        "relationship": "Tell us whose insurance it is.",
        "card_front": "Attach a photo of the front of your card.",
        "card_back": "Attach a photo of the back of your card.",
        "consent_to_contact": "Tick to let us contact you: we need to call you back about your insurance.",
    }

    FIELDSETS = [
        ("about-you", "About you", f"{ABOUT_YOU} {ADDRESS}"),
        (
            "your-visit",
            "Your visit",
            "location body_area reason doctor_referral has_prescription injury",
        ),
        (
            "insurance",
            "Your insurance",
            "carrier member_id group_number relationship holder_name holder_date_of_birth card_front card_back",
        ),
        (
            "second-insurance",
            "A second insurance plan (optional)",
            "secondary_carrier secondary_member_id secondary_group_number",
        ),
        CONSENT_FIELDSET,
    ]

    def __init__(self, *args, oversized: AbstractSet[str] = frozenset(), holder=None, **kwargs):
        """`oversized` names the photo fields whose files the upload handler dropped for their size;
        `holder` (an intake.held_photos.PhotoHolder) keeps good photos across an error."""
        super().__init__(*args, **kwargs)
        self.oversized = oversized
        self.holder = holder
        token = self.data.get("form_token", "") if self.is_bound else ""
        held = holder.held(token) if holder and FORM_TOKEN_RE.fullmatch(token) else {}
        for name, side in PHOTO_SIDES.items():
            if side in held:
                # A FileField given nothing new returns its initial value: the photo held last time.
                self.initial[name] = held[side]
                self.fields[name].held = held[side]
        limit = filesizeformat(settings.INTAKE_MAX_IMAGE_BYTES)
        for name in PHOTO_FIELDS:
            self.fields[name].help_text = self.fields[name].help_text.replace(" or HEIC.", f" or HEIC, up to {limit}.")
        for name in ("holder_name", "holder_date_of_birth"):
            self.fields[name].label_note = "only if the insurance is not yours"

    def clean_holder_date_of_birth(self):
        return _past_date(self.cleaned_data["holder_date_of_birth"], whose="the policyholder’s")

    def _card_number(self, name: str, label: str) -> str:
        value = " ".join(self.cleaned_data[name].split())
        if value and not CARD_NUMBER_RE.match(value):
            raise ValidationError(f"Enter the {label} as printed on the card: letters, numbers and dashes.")
        return value

    def clean_member_id(self):
        return self._card_number("member_id", "member ID")

    def clean_group_number(self):
        return self._card_number("group_number", "group number")

    def clean_secondary_member_id(self):
        return self._card_number("secondary_member_id", "member ID")

    def clean_secondary_group_number(self):
        return self._card_number("secondary_group_number", "group number")

    def _clean_photo(self, name: str) -> images.CardPhoto | None:
        """The photo checked and re-encoded: what is kept, in place of the file sent (or the one held)."""
        upload = self.cleaned_data.get(name)
        if getattr(upload, "photo", None) is not None:  # held from an earlier try, checked then
            return upload.photo
        return images.process_card_photo(upload) if upload else None

    def clean_card_front(self):
        return self._clean_photo("card_front")

    def clean_card_back(self):
        return self._clean_photo("card_back")

    def clean(self):
        for name in sorted(self.oversized & set(PHOTO_FIELDS)):
            # The upload handler dropped the file unread; say why instead of "attach a photo".
            self.errors.pop(name, None)
            self.add_error(name, OVERSIZED_MESSAGE.format(limit=filesizeformat(settings.INTAKE_MAX_IMAGE_BYTES)))
        cleaned = super().clean()
        if cleaned.get("relationship") and cleaned["relationship"] != InsurancePolicy.Relationship.SELF:
            if not cleaned.get("holder_name"):
                self.add_error("holder_name", "Enter the policyholder’s full name, as on the card.")
            if not cleaned.get("holder_date_of_birth") and "holder_date_of_birth" not in self.errors:
                self.add_error("holder_date_of_birth", "Enter the policyholder’s date of birth.")
        secondary = [cleaned.get(f"secondary_{name}") for name in ("carrier", "member_id", "group_number")]
        if any(secondary):
            if not cleaned.get("secondary_carrier") and "secondary_carrier" not in self.errors:
                self.add_error("secondary_carrier", "Enter the second insurance company, or leave all three blank.")
            if not cleaned.get("secondary_member_id") and "secondary_member_id" not in self.errors:
                self.add_error("secondary_member_id", "Enter the second plan’s member ID, or leave all three blank.")
        return cleaned

    def full_clean(self):
        """After an error, hold each new photo that passed its checks: the browser forgets chosen
        files, and one typo (or the other photo being unreadable) must not cost the patient both."""
        super().full_clean()
        token = getattr(self, "cleaned_data", {}).get("form_token")  # an unbound form has none
        if not (self.holder and self._errors and token):
            return
        for name, side in PHOTO_SIDES.items():
            upload, photo = self.files.get(name), self.cleaned_data.get(name)
            if upload and isinstance(photo, images.CardPhoto) and name not in self._errors:
                self.fields[name].held = self.holder.hold(token, side, photo, upload.name)

    @property
    def photos_need_attaching_again(self) -> bool:
        """After an error the browser forgets chosen files: say so beside any photo not held."""
        return self.is_bound and bool(self.errors)


class FollowUpForm(PreferredTimesField, IntakeForm):
    """A returning patient asks us to call and book a follow-up visit."""

    note = VisibleTextField(
        multiline=True,
        label="Anything we should know?",
        max_length=1000,
        required=False,
        help_text="For example which therapist you saw, or that the pain has come back.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    FIELDSETS = [
        ("about-you", "About you", ABOUT_YOU),
        ("your-visit", "Your follow-up visit", "location preferred_times note"),
        CONSENT_FIELDSET,
    ]


class SelfPayForm(AddressFields, ConditionFields, PreferredTimesField, IntakeForm):
    """A self-pay client registers: who they are, where and when, and whether they want an estimate now."""

    wants_estimate = forms.TypedChoiceField(
        label="Would you like a Good Faith Estimate of your costs now?",
        help_text="We always send you one, in writing, when we book your visit. Ask now if you would like it "
        "before you decide: you will have it within 3 business days.",
        choices=[("yes", "Yes, please send me an estimate now"), ("no", "No, when my visit is booked is fine")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    FIELD_MESSAGES = {"wants_estimate": "Tell us whether you would like a Good Faith Estimate now."}

    FIELDSETS = [
        ("about-you", "About you", f"{ABOUT_YOU} {ADDRESS}"),
        ("your-visit", "Your visit", "location preferred_times body_area reason"),
        ("estimate", "Good Faith Estimate", "wants_estimate"),
        CONSENT_FIELDSET,
    ]
