"""The follow-up request and the self-pay registration: the other two ways in.

They share the new-patient form's fields, messages and one-time token (see intake.forms);
what differs is which questions they ask.
"""

import secrets

from django import forms
from django.core.exceptions import ValidationError

from conditions.models import Condition
from locations.models import Location

from .forms import US_STATES, ZIP_RE, DateInput, _past_date, _text, clean_us_phone
from .models import Submission

PREFERRED_TIMES_HELP = "For example “weekday mornings” or “Tuesday or Thursday after 4 PM”."


class ShortIntakeForm(forms.Form):
    """What the follow-up and self-pay forms have in common. Subclasses list their `FIELDSETS`."""

    required_css_class = "field--required"
    FIELDSETS: list[tuple[str, str, str]] = []  # (id, legend, field names)

    first_name = _text("First name", max_length=80, autocomplete="given-name")
    last_name = _text("Last name", max_length=80, autocomplete="family-name")
    date_of_birth = forms.DateField(label="Date of birth", widget=DateInput(attrs={"autocomplete": "bday"}))
    phone = forms.CharField(
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
    preferred_times = _text(
        "Which days and times suit you?",
        max_length=200,
        autocomplete="off",
        required=False,
        help_text=PREFERRED_TIMES_HELP,
    )
    privacy_acknowledged = forms.BooleanField(label="I have read the privacy notice")
    consent_to_contact = forms.BooleanField(label="You may contact me about my visit by phone, text or email")
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=32)

    FIELD_MESSAGES = {
        "first_name": "Enter your first name.",
        "last_name": "Enter your last name.",
        "date_of_birth": "Enter your date of birth, for example 03/14/1985.",
        "phone": "Enter a phone number we can call.",
        "location": "Choose the clinic you would like to visit.",
        "privacy_acknowledged": "Tick to say you have read the privacy notice.",
        "consent_to_contact": "Tick to let us contact you: we need to call you back to book your visit.",
        "form_token": "This form has expired. Reload the page and fill it in again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The error summary lists problems in the order the page shows the questions.
        self.order_fields([name for _, _, names in self.FIELDSETS for name in names.split()])
        self.fields["location"].queryset = Location.objects.active()
        for name, message in self.FIELD_MESSAGES.items():
            field = self.fields[name]
            field.error_messages["required"] = message
            field.error_messages["invalid"] = message
            field.error_messages["invalid_choice"] = message
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(32))

    def clean_date_of_birth(self):
        return _past_date(self.cleaned_data["date_of_birth"], whose="your")

    def clean_phone(self):
        return clean_us_phone(self.cleaned_data["phone"])

    def clean_preferred_times(self):
        return " ".join(self.cleaned_data["preferred_times"].split())

    def fieldsets(self) -> list[tuple[str, str, list]]:
        """(id, legend, fields) in the order the page shows them."""
        return [(key, legend, [self[name] for name in names.split()]) for key, legend, names in self.FIELDSETS]


class FollowUpForm(ShortIntakeForm):
    """A returning patient asks us to call and book a follow-up visit."""

    note = forms.CharField(
        label="Anything we should know?",
        max_length=1000,
        required=False,
        help_text="For example which therapist you saw, or that the pain has come back.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    FIELDSETS = [
        ("about-you", "About you", "first_name last_name date_of_birth phone email"),
        ("your-visit", "Your follow-up visit", "location preferred_times note"),
        ("consent", "Privacy and consent", "privacy_acknowledged consent_to_contact"),
    ]


class SelfPayForm(ShortIntakeForm):
    """A self-pay client registers: who they are, where and when, and whether they want an estimate now."""

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
    condition = forms.ModelChoiceField(
        label="Which of these is closest to what brings you in?",
        queryset=Condition.objects.none(),
        required=False,
        empty_label="Something else, or I am not sure",
    )
    reason = forms.CharField(
        label="What brings you in?",
        max_length=2000,
        required=False,
        help_text="A sentence or two is plenty, for example “lower back pain since March”.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wants_estimate = forms.TypedChoiceField(
        label="Would you like a Good Faith Estimate of your costs now?",
        help_text="We always send you one, in writing, when we book your visit. Ask now if you would like it "
        "before you decide: you will have it within 3 business days.",
        choices=[("yes", "Yes, please send me an estimate now"), ("no", "No, when my visit is booked is fine")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    FIELD_MESSAGES = {
        **ShortIntakeForm.FIELD_MESSAGES,
        "address_line1": "Enter your street address.",
        "city": "Enter your town or city.",
        "state": "Choose your state.",
        "zip_code": "Enter your ZIP code.",
        "preferred_contact": "Choose how we should contact you.",
        "wants_estimate": "Tell us whether you would like a Good Faith Estimate now.",
    }

    FIELDSETS = [
        (
            "about-you",
            "About you",
            "first_name last_name date_of_birth phone email address_line1 address_line2 city state zip_code "
            "preferred_contact",
        ),
        ("your-visit", "Your visit", "location preferred_times condition reason"),
        ("estimate", "Good Faith Estimate", "wants_estimate"),
        ("consent", "Privacy and consent", "privacy_acknowledged consent_to_contact"),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = Condition.objects.published().only("title", "slug")
        self.fields[
            "consent_to_contact"
        ].label = "You may contact me about my visit by phone, text or email, as I chose above"

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
