"""The clinics: where they are, how to reach them, and when they are open.

Opening hours are kept as weekly intervals (several a day, e.g. a lunch break) and dated
special hours that override them (a holiday closure, a snow day, shorter hours). Whether a
clinic is open is worked out in the clinic's own time zone, see `locations.hours`.
"""

from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from localflavor.us.models import USStateField, USZipCodeField
from phonenumber_field.modelfields import PhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException, PhoneNumberFormat, format_number

from . import hours


class LocationQuerySet(models.QuerySet):
    def active(self):
        """Locations shown to the public, in display order."""
        return self.filter(is_active=True).order_by("position", "name")

    def with_hours(self, today: date | None = None):
        """With weekly hours and special hours from `today` on, in two more queries."""
        today = today or hours.clinic_today()
        return self.prefetch_related(
            "opening_hours",
            models.Prefetch(
                "special_hours",
                queryset=SpecialHours.objects.filter(ends_on__gte=today),
                to_attr="upcoming_special_hours",
            ),
        )


class Location(models.Model):
    name = models.CharField(max_length=80, help_text="As patients know it, e.g. “Manhattan”.")
    slug = models.SlugField(
        unique=True, help_text="The last part of the page address, e.g. manhattan → /locations/manhattan/."
    )
    street_address = models.CharField(
        "street address",
        max_length=200,
        blank=True,
        help_text="Number, street and suite, e.g. “100 Main Street, Suite 2”.",
    )
    city = models.CharField(max_length=80)
    state = USStateField()
    zip_code = USZipCodeField(
        "ZIP code",
        blank=True,
        validators=[RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a ZIP code as 12345 or 12345-6789.")],
    )
    phone = PhoneNumberField(
        region="US",
        help_text="Shown on every page and linked for tapping to call, e.g. (212) 555-0100.",
    )
    fax = PhoneNumberField(region="US", blank=True, help_text="Optional, e.g. (212) 555-0101.")
    email = models.EmailField(blank=True, help_text="Optional. Shown on the clinic’s page.")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Map position, e.g. 41.078700. Used by search engines; leave both empty if unsure.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Map position, e.g. -73.469300 (negative: west).",
    )
    directions = models.TextField(
        "directions, parking and transit",
        blank=True,
        help_text="Plain text. Leave an empty line between paragraphs.",
    )
    accessibility = models.TextField(
        "accessibility notes",
        blank=True,
        help_text="Step-free entrance, elevator, accessible restroom, and so on. Plain text.",
    )
    accepts_new_patients = models.BooleanField("accepting new patients", default=True)
    conditions = models.ManyToManyField(
        "conditions.Condition",
        blank=True,
        related_name="locations",
        verbose_name="conditions treated",
        help_text="Listed on the clinic’s page (published conditions only).",
    )
    position = models.PositiveSmallIntegerField("display order", default=0)
    is_active = models.BooleanField(
        "shown on the site", default=True, help_text="Untick to hide this clinic everywhere."
    )
    is_sample = models.BooleanField(
        "holds sample details",
        default=False,
        help_text="Ticked while the address, phone, hours or other details are placeholders. Untick once checked.",
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "location"
        constraints = [
            models.CheckConstraint(
                name="location_coordinates_both_or_neither",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                violation_error_message="Enter both the latitude and the longitude, or neither.",
            ),
            models.CheckConstraint(
                name="location_coordinates_in_range",
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                violation_error_message="The map position is out of range.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("locations:detail", kwargs={"slug": self.slug})

    @property
    def phone_display(self) -> str:
        """The phone number as patients dial it in the US: (212) 555-0100."""
        return national_phone(self.phone)

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: link target, e.g. tel:+12125550100."""
        raw = _raw_phone(self.phone)
        return f"tel:{_e164(raw)}" if raw else ""

    @property
    def fax_display(self) -> str:
        return national_phone(self.fax)

    @property
    def address_lines(self) -> list[str]:
        """The postal address as it is written on an envelope."""
        last = f"{self.city}, {self.state} {self.zip_code}".strip()
        return [line for line in (self.street_address, last) if line]

    @property
    def directions_url(self) -> str:
        """A link out to a map with directions here (nothing is embedded in our pages)."""
        destination = ", ".join(self.address_lines)
        return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})

    @property
    def apple_maps_url(self) -> str:
        return "https://maps.apple.com/?" + urlencode({"daddr": ", ".join(self.address_lines)})

    @cached_property
    def _weekly(self) -> list["OpeningHours"]:
        return list(self.opening_hours.all())

    @cached_property
    def _special(self) -> list["SpecialHours"]:
        if hasattr(self, "upcoming_special_hours"):  # from LocationQuerySet.with_hours()
            return self.upcoming_special_hours
        return list(self.special_hours.filter(ends_on__gte=hours.clinic_today()))

    @property
    def status(self) -> hours.OpenStatus:
        """Open now or not, and when that changes: computed on every call, never cached."""
        return hours.status_at(None, self._weekly, self._special)

    @property
    def today(self) -> hours.DayHours:
        """Today's opening intervals, special hours overriding the weekly ones."""
        return hours.day_hours(hours.clinic_today(), self._weekly, self._special)

    def coming_week(self) -> list[hours.DayHours]:
        """Today and the six days after it, special hours applied."""
        return hours.coming_days(7, self._weekly, self._special)

    @property
    def upcoming_closures(self) -> list["SpecialHours"]:
        """Closures and special hours from today on, soonest first."""
        return self._special


def national_phone(number: PhoneNumber | str | None) -> str:
    """A phone number as people in the US write it, (212) 555-0100; as typed when it is not valid."""
    raw = _raw_phone(number)
    return _national_phone(raw) if raw else ""


def _raw_phone(number: PhoneNumber | str | None) -> str:
    # Not `if number`: a PhoneNumber's truth is its length, which checks the number in full
    # (most of a cold page's phone cost): the text as stored is known without that.
    if number is None or isinstance(number, str):
        return number or ""
    return number.raw_input or str(number)


@lru_cache(maxsize=256)
def _e164(number: str) -> str:
    try:
        return PhoneNumber.from_string(number, region="US").as_e164
    except NumberParseException:
        return number


@lru_cache(maxsize=256)
def _national_phone(number: PhoneNumber | str) -> str:
    # Checking a number is most of a clinic card's cost and every page shows each clinic's
    # number: the few numbers the site has are worked out once per process.
    if isinstance(number, str):
        try:
            number = PhoneNumber.from_string(number, region="US")
        except NumberParseException:
            return number
    if not number.is_valid():
        return str(number.raw_input)
    return format_number(number, PhoneNumberFormat.NATIONAL)


class OpeningHours(models.Model):
    """One opening interval in the regular week; a day may have several (a lunch break)."""

    class Weekday(models.IntegerChoices):
        # Python's date.weekday() numbering, so a date finds its hours without translation.
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField("day", choices=Weekday.choices)
    opens = models.TimeField("opens at", help_text="e.g. 07:00 or 7:00 AM")
    closes = models.TimeField("closes at", help_text="e.g. 19:00 or 7:00 PM")

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = "weekly opening hours"
        verbose_name_plural = "weekly opening hours"
        constraints = [
            # clean() gives staff the message, beside the closing time.
            models.CheckConstraint(name="opening_hours_close_after_open", condition=Q(closes__gt=models.F("opens"))),
            models.CheckConstraint(
                name="opening_hours_valid_weekday",
                condition=Q(weekday__gte=0, weekday__lte=6),
                violation_error_message="Choose a day of the week.",
            ),
            # Overlapping intervals on one day are refused by the admin's formset and, on
            # PostgreSQL, by an exclusion constraint added in migration 0003.
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {hours.format_time(self.opens)}–{hours.format_time(self.closes)}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError(
                {"closes": "The closing time must be after the opening time (hours cannot run past midnight)."}
            )


class SpecialHours(models.Model):
    """A dated exception to the weekly hours: closed all day, or open only at the times given."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="special_hours")
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", blank=True, help_text="Leave empty for a single day.")
    opens = models.TimeField(
        "opens at", null=True, blank=True, help_text="Leave both times empty when the clinic is closed all day."
    )
    closes = models.TimeField("closes at", null=True, blank=True)
    reason = models.CharField(
        max_length=120, blank=True, help_text="Shown to patients, e.g. “Thanksgiving” or “Snow day”."
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = "closure or special hours"
        verbose_name_plural = "closures and special hours"
        # clean() gives staff the messages, each beside its field.
        constraints = [
            models.CheckConstraint(
                name="special_hours_end_not_before_start", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="special_hours_closed_or_both_times",
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
            ),
            # Overlapping date ranges for one clinic are refused by the admin's forms and, on
            # PostgreSQL, by an exclusion constraint added in migration 0003.
        ]

    def __str__(self) -> str:
        when = self.starts_on.isoformat()
        if self.ends_on and self.ends_on != self.starts_on:
            when += f" to {self.ends_on.isoformat()}"
        return f"{self.location} {when}: {self.summary}"

    def save(self, *args, **kwargs) -> None:
        if self.ends_on is None:
            self.ends_on = self.starts_on
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.ends_on is None:
            self.ends_on = self.starts_on
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The last day cannot be before the first day."
        if (self.opens is None) != (self.closes is None):
            field = "closes" if self.closes is None else "opens"
            errors[field] = "Give both an opening and a closing time, or leave both empty for a closure."
        elif self.opens is not None and self.closes <= self.opens:
            errors["closes"] = "The closing time must be after the opening time."
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.opens is None

    @property
    def is_single_day(self) -> bool:
        return self.ends_on == self.starts_on

    @property
    def summary(self) -> str:
        if self.is_closed:
            text = "Closed"
        else:
            text = f"Open {hours.format_time(self.opens)} to {hours.format_time(self.closes)} only"
        return f"{text} ({self.reason})" if self.reason else text
