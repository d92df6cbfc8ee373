from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import images
from .models import Cause, Condition, Rendition, Section, Symptom
from .views import render_condition

# The current hero image is shown on the change form at thumbnail width, in pixels.
THUMBNAIL_WIDTH = 240
# How near a review date must be for the review filter's "due soon".
REVIEW_SOON = timedelta(days=30)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = (("kind", "position"), "heading", "body", "is_sample")


class ListItemInline(admin.TabularInline):
    extra = 0
    fields = ("text", "position")
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 70})}}


class SymptomInline(ListItemInline):
    model = Symptom
    verbose_name_plural = "symptoms (listed under the Symptoms section)"


class CauseInline(ListItemInline):
    model = Cause
    verbose_name_plural = "causes (listed under the Causes section)"


class ConditionForm(forms.ModelForm):
    hero_image = forms.ImageField(
        label="hero image",
        required=False,
        help_text="Optional. A JPEG, PNG or WebP photo at least 480 pixels wide, shown above the title.",
    )
    remove_hero_image = forms.BooleanField(label="remove the current hero image", required=False)

    class Meta:
        model = Condition
        fields = (
            "title",
            "slug",
            "summary",
            "region",
            "status",
            "published_at",
            "last_reviewed",
            "reviewed_by",
            "next_review_due",
            "review_details_are_sample",
            "hero_alt",
            "related",
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("hero_image")
        if upload:
            try:
                self.renditions = images.encode_renditions(upload)
            except ValidationError as error:
                self.add_error("hero_image", error)
        has_image = bool(upload) or (
            self.instance.pk and self.instance.renditions.exists() and not cleaned.get("remove_hero_image")
        )
        if has_image and not cleaned.get("hero_alt", "").strip():
            self.add_error("hero_alt", "Describe the image for people who cannot see it.")
        return cleaned


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", f"Due within {REVIEW_SOON.days} days"),
            ("unset", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=today + REVIEW_SOON)
        if self.value() == "unset":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


@admin.register(Condition)
class ConditionAdmin(VersionAdmin):
    form = ConditionForm
    list_display = ("title", "public_state", "region", "next_review_due", "review_details_are_sample", "updated_at")
    list_filter = ("status", ReviewDueFilter, "region", "review_details_are_sample")
    search_fields = ("title", "summary", "symptoms__text", "causes__text")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("related",)
    inlines = (SectionInline, SymptomInline, CauseInline)
    readonly_fields = ("preview_link", "current_hero_image")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "region")}),
        ("Publishing", {"fields": ("status", "published_at", "preview_link")}),
        (
            "Clinical review",
            {"fields": ("last_reviewed", "reviewed_by", "next_review_due", "review_details_are_sample")},
        ),
        ("Hero image", {"fields": ("current_hero_image", "hero_image", "remove_hero_image", "hero_alt")}),
        ("Related", {"fields": ("related",)}),
    )

    @admin.display(description="on the site")
    def public_state(self, obj: Condition) -> str:
        if obj.status == Condition.Status.DRAFT:
            return "Draft"
        if obj.published_at > timezone.now():
            return f"Scheduled for {timezone.localtime(obj.published_at):%b %-d, %Y %-I:%M %p}"
        return "Live"

    @admin.display(description="preview")
    def preview_link(self, obj: Condition) -> str:
        if not obj.pk:
            return "Save the page first, then preview it here."
        url = reverse("admin:conditions_condition_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview this page as patients will see it</a>', url)

    @admin.display(description="current image")
    def current_hero_image(self, obj: Condition) -> str:
        rendition = obj.renditions.defer("data").first() if obj.pk else None
        if rendition is None:
            return "None"
        return format_html(
            '<img src="{}" alt="{}" width="{}">', rendition.get_absolute_url(), obj.hero_alt, THUMBNAIL_WIDTH
        )

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="conditions_condition_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """Staff see any condition, draft or scheduled, exactly as the public page shows it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pk = Condition._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404("Not a condition's ID") from None  # /abc/preview/, typed or guessed
        condition = get_object_or_404(Condition.objects.with_page_content(), pk=pk)
        return render_condition(request, condition, is_preview=True)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("remove_hero_image") or getattr(form, "renditions", None):
            obj.renditions.all().delete()
        for encoded in getattr(form, "renditions", []):
            Rendition.objects.create(
                condition=obj, digest=encoded.digest, width=encoded.width, height=encoded.height, data=encoded.data
            )
