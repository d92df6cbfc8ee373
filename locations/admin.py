from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from phonenumber_field.modelfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from clinic_site.admin import PlainWordingMixin

from .hours import format_time
from .models import Location, OpeningHours, SpecialHours

# Staff type times as 19:00 or 7:00 PM; both are accepted. A plain box: the admin's clock
# widget offers "Now" and warns about the browser's time zone, neither of which fits a
# time of day at the clinic.
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"]
TIME_WIDGETS = {name: forms.TimeInput(format="%H:%M", attrs={"size": 8}) for name in ("opens", "closes")}


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ("weekday", "opens", "closes")
        widgets = TIME_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens", "closes"):
            self.fields[name].input_formats = TIME_INPUT_FORMATS


class SpecialHoursForm(forms.ModelForm):
    class Meta:
        model = SpecialHours
        fields = ("starts_on", "ends_on", "opens", "closes", "reason")
        widgets = TIME_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens", "closes"):
            self.fields[name].input_formats = TIME_INPUT_FORMATS


def _kept_rows(formset):
    """The rows that will be saved: valid, filled in and not marked for deletion.

    Each is its form's instance, already checked by the model's clean() (which also gives a
    one-day closure its last day). A row with errors of its own (closing before opening) is
    left out: its message is beside it.
    """
    for form in formset.forms:
        if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE"):
            yield form.instance


def _dates(starts, ends) -> str:
    def one(day) -> str:
        return f"{day:%B} {day.day}, {day.year}"

    return one(starts) if starts == ends else f"{one(starts)} to {one(ends)}"


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse two intervals on one day that overlap (touching, 9–12 and 12–5, is fine)."""
        super().clean()
        by_day: dict[int, list] = {}
        for interval in _kept_rows(self):
            by_day.setdefault(interval.weekday, []).append((interval.opens, interval.closes))
        errors = []
        for weekday, intervals in sorted(by_day.items()):
            intervals.sort()
            for (open_a, close_a), (open_b, close_b) in zip(intervals, intervals[1:], strict=False):
                if open_b < close_a:
                    day = OpeningHours.Weekday(weekday).label
                    errors.append(
                        f"{day}: {format_time(open_a)} to {format_time(close_a)} overlaps "
                        f"{format_time(open_b)} to {format_time(close_b)}. Opening times on one day must "
                        "not overlap: change or delete one of them."
                    )
        if errors:
            raise ValidationError(errors)


class SpecialHoursFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse two closures or special hours covering the same date."""
        super().clean()
        ranges = sorted((special.starts_on, special.ends_on) for special in _kept_rows(self))
        errors = [
            f"{_dates(*a)} and {_dates(*b)} overlap. Each date can have one closure or one set of special hours: "
            "change or delete one of them."
            for a, b in zip(ranges, ranges[1:], strict=False)
            if b[0] <= a[1]
        ]
        if errors:
            raise ValidationError(errors)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = OpeningHoursForm
    formset = OpeningHoursFormSet
    extra = 0
    verbose_name_plural = "weekly opening hours (add a row per opening; two rows on one day make a break)"


class SpecialHoursInline(admin.TabularInline):
    model = SpecialHours
    form = SpecialHoursForm
    formset = SpecialHoursFormSet
    extra = 0
    verbose_name_plural = "closures and special hours (these dates replace the weekly hours)"


@admin.register(Location)
class LocationAdmin(PlainWordingMixin, admin.ModelAdmin):
    # The sample flag sits beside the name, where staff cannot miss it.
    list_display = ("name", "sample_flag", "city", "phone_number", "is_active", "accepts_new_patients", "position")
    list_editable = ("position",)
    list_filter = ("is_sample", "is_active", "accepts_new_patients")
    search_fields = ("name", "city", "street_address")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("conditions",)
    inlines = (OpeningHoursInline, SpecialHoursInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "is_active", "position", "accepts_new_patients")}),
        ("Address", {"fields": ("street_address", ("city", "state", "zip_code"), ("latitude", "longitude"))}),
        ("Contact", {"fields": ("phone", "fax", "email")}),
        ("For patients", {"fields": ("directions", "accessibility", "conditions")}),
        ("Sample details", {"fields": ("is_sample",)}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, PhoneNumberField):
            # Shown as staff dial it, (203) 555-0130, not as stored (+12035550130).
            kwargs["widget"] = RegionalPhoneNumberWidget(region="US", attrs={"class": "vTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="phone", ordering="phone")
    def phone_number(self, obj: Location) -> str:
        # No-break space and hyphen: the number stays on one line in a narrow column.
        return obj.phone_display.replace(" ", "\u00a0").replace("-", "\u2011")

    @admin.display(description="details", ordering="is_sample")
    def sample_flag(self, obj: Location) -> str:
        if obj.is_sample:
            return format_html('<strong class="sample-flag">{}</strong>', "Sample: replace")
        return "Checked"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and obj.is_sample:
            self.message_user(
                request,
                f"{obj.name} still holds sample details. Replace them, then untick “holds sample details”.",
                level="warning",
            )
        return super().change_view(request, object_id, form_url, extra_context)


class SpecialHoursAdminForm(SpecialHoursForm):
    class Meta(SpecialHoursForm.Meta):
        fields = ("location", *SpecialHoursForm.Meta.fields)

    def clean(self):
        cleaned = super().clean()
        location, starts = cleaned.get("location"), cleaned.get("starts_on")
        if location and starts:
            ends = cleaned.get("ends_on") or starts
            clash = _clash(location, starts, ends, exclude_pk=self.instance.pk)
            if clash is not None:
                raise ValidationError(
                    f"{location} already has “{clash.summary}” on {_dates(clash.starts_on, clash.ends_on)}. "
                    "Each date can have one closure or one set of special hours: change that one instead."
                )
        return cleaned


def _clash(location, starts, ends, exclude_pk=None) -> SpecialHours | None:
    return (
        SpecialHours.objects.filter(location=location, starts_on__lte=ends, ends_on__gte=starts)
        .exclude(pk=exclude_pk)
        .first()
    )


class UpcomingFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Today and later"), ("past", "Past")]

    def queryset(self, request, queryset):
        from .hours import clinic_today

        if self.value() == "upcoming":
            return queryset.filter(ends_on__gte=clinic_today())
        if self.value() == "past":
            return queryset.filter(ends_on__lt=clinic_today())
        return queryset


@admin.register(SpecialHours)
class SpecialHoursAdmin(PlainWordingMixin, admin.ModelAdmin):
    """Every clinic's closures in one list, so a snow day can be copied to all clinics at once."""

    form = SpecialHoursAdminForm
    list_display = ("starts_on", "ends_on", "location", "hours", "reason")
    list_filter = (UpcomingFilter, "location")
    list_select_related = ("location",)
    date_hierarchy = "starts_on"
    search_fields = ("reason",)
    actions = ("copy_to_other_clinics",)

    @admin.display(description="hours")
    def hours(self, obj: SpecialHours) -> str:
        return "Closed" if obj.is_closed else f"{format_time(obj.opens)} to {format_time(obj.closes)}"

    @admin.action(description="Copy the selected closures to every other clinic", permissions=["add"])
    def copy_to_other_clinics(self, request, queryset):
        added, skipped = [], []
        with transaction.atomic():
            for closure in queryset.select_related("location"):
                for location in Location.objects.active().exclude(pk=closure.location_id):
                    when = f"{location} ({_dates(closure.starts_on, closure.ends_on)})"
                    if _clash(location, closure.starts_on, closure.ends_on) is not None:
                        skipped.append(when)
                        continue
                    SpecialHours.objects.create(
                        location=location,
                        starts_on=closure.starts_on,
                        ends_on=closure.ends_on,
                        opens=closure.opens,
                        closes=closure.closes,
                        reason=closure.reason,
                    )
                    added.append(when)
        if added:
            self.message_user(request, "Added to " + ", ".join(added) + ".")
        if skipped:
            self.message_user(
                request,
                "Not added where a clinic already has a closure or special hours on those dates: "
                + ", ".join(skipped)
                + ".",
                level="warning",
            )
