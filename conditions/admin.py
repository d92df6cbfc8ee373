from datetime import timedelta

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from clinic_site.admin import PlainWordingMixin
from clinic_site.apps import content_changes_not_published

from . import compare, images
from .models import Cause, Condition, ListItem, Rendition, Section, Symptom
from .views import render_condition

# A new condition starts with these sections, empty and ready to type, in this order. There is no
# kind for "When to get urgent help" yet: it is an "other" section with that heading.
STANDARD_SECTIONS = (
    (Section.Kind.OVERVIEW, ""),
    (Section.Kind.ACUTE_VS_CHRONIC, "Acute vs chronic"),
    (Section.Kind.INDICATES, "What it indicates"),
    (Section.Kind.SYMPTOMS, "Symptoms"),
    (Section.Kind.CAUSES, "Causes"),
    (Section.Kind.IMMEDIATE_TREATMENT, "Immediate treatment"),
    (Section.Kind.PHYSICAL_THERAPY, "Physical therapy"),
    (Section.Kind.URGENT, "When to get urgent help"),
    (Section.Kind.CONTACT, "Contact us"),
)
# Rows are moved out of the way before being numbered again, so that the one-row-per-position
# rule never sees two rows at once; far above any real count of sections or list items.
RENUMBER_OFFSET = 10000

# The current hero image is shown on the change form at thumbnail width, in pixels.
THUMBNAIL_WIDTH = 240
# How near a review date must be for the review filter's "due soon".
REVIEW_SOON = timedelta(days=30)


class OrderedRowForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # Rows are numbered 1, 2, 3… again on save (ConditionAdmin.save_formset): a number dragged,
        # typed or defaulted twice is never a person's error ("duplicate data for position").
        return {*super()._get_validation_exclusions(), "position"}


class SectionInline(SortableInlineAdminMixin, admin.StackedInline):
    """Sections in page order: drag to reorder; a section added goes last, in the order of entry."""

    model = Section
    form = OrderedRowForm
    extra = 0
    fields = ("kind", "heading", "body", "position", "is_sample")

    def get_extra(self, request, obj=None, **kwargs):
        return len(STANDARD_SECTIONS) if obj is None else 0


class ListItemInline(SortableInlineAdminMixin, admin.TabularInline):
    form = OrderedRowForm
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


class _Preview(Exception):
    """Carries a rendered preview out of the transaction that is then rolled back."""

    def __init__(self, response):
        self.response = response


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
class ConditionAdmin(PlainWordingMixin, SortableAdminBase, VersionAdmin):
    form = ConditionForm
    # Four columns that fit beside the sidebar and the filters at 1280 px (a second line where it belongs).
    list_display = ("page", "public_state", "review", "updated_at")
    list_filter = ("status", ReviewDueFilter, "region", "review_details_are_sample")
    search_fields = ("title", "summary", "symptoms__text", "causes__text")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("related",)
    inlines = (SectionInline, SymptomInline, CauseInline)
    readonly_fields = ("preview_link", "current_hero_image")
    history_latest_first = True
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

    @admin.display(description="page", ordering="title")
    def page(self, obj: Condition) -> str:
        return format_html("{}<br><small>{}</small>", obj.title, obj.get_region_display())

    @admin.display(description="next review", ordering="next_review_due")
    def review(self, obj: Condition) -> str:
        if obj.next_review_due is None:
            return "Not set"
        sample = format_html("<br><small>{}</small>", "sample details") if obj.review_details_are_sample else ""
        return format_html("{}{}", obj.next_review_due.strftime("%b %-d, %Y"), sample)

    @admin.display(description="on the site")
    def public_state(self, obj: Condition) -> str:
        if obj.status == Condition.Status.DRAFT:
            return "Draft"
        if obj.published_at > timezone.now():
            return f"Scheduled for {timezone.localtime(obj.published_at):%b %-d, %Y, %-I:%M %p}"
        return "Live"

    @admin.display(description="preview")
    def preview_link(self, obj: Condition) -> str:
        if not obj.pk:
            return "Save the page first, then preview it here."
        version_id = getattr(obj, "_restoring_version", None)
        if version_id is not None:  # the restore screen: preview the version being restored
            url = reverse("admin:conditions_condition_version_preview", args=[obj.pk, version_id])
            return format_html('<a href="{}">Preview this version as patients would see it</a>', url)
        url = reverse("admin:conditions_condition_preview", args=[obj.pk])
        return format_html('<a href="{}">Preview this page as patients will see it</a>', url)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, SectionInline) and not obj.pk and request.method == "GET":
            kwargs["initial"] = [{"kind": kind, "heading": heading} for kind, heading in STANDARD_SECTIONS]
        return kwargs

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            # A condition is never offered as related to itself.
            object_id = request.resolver_match.kwargs.get("object_id")
            queryset = Condition.objects.order_by("title")
            if object_id and str(object_id).isdigit():
                queryset = queryset.exclude(pk=int(object_id))
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        """Ordered rows are numbered 1, 2, 3… in the order shown (dragged, or entered): never twice one number."""
        if not issubclass(formset.model, (Section, ListItem)):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # what the history's message names: added, changed, deleted
        condition = form.instance
        for obj in formset.deleted_objects:
            obj.delete()
        kept = []
        for index, row in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(row):
                continue
            if row.instance.pk is None and not row.has_changed():
                if not (formset.model is Section and not change and row.initial):
                    continue  # an extra row left empty
                row.instance = Section(kind=row.initial["kind"], heading=row.initial["heading"])
            typed = row.cleaned_data.get("position") if hasattr(row, "cleaned_data") else None
            kept.append((typed if typed else RENUMBER_OFFSET * 2, index, row.instance))
        formset.model.objects.filter(condition=condition).update(position=F("position") + RENUMBER_OFFSET)
        for number, (_, _, obj) in enumerate(sorted(kept, key=lambda item: item[:2]), start=1):
            obj.condition = condition
            obj.position = number
            obj.save()

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        match = request.resolver_match
        if obj is not None and match and match.url_name == "conditions_condition_revision":
            obj._restoring_version = match.args[1]  # (object id, version id): its preview shows that version
        return obj

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
        version_preview = path(
            "<int:object_id>/history/<int:version_id>/preview/",
            self.admin_site.admin_view(self.version_preview_view),
            name="conditions_condition_version_preview",
        )
        compare_view = path(
            "<int:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="conditions_condition_compare",
        )
        return [version_preview, compare_view, preview, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        versions = list(
            Version.objects.get_for_object_reference(Condition, object_id)
            .select_related("revision__user")
            .order_by("-pk")
        )
        return super().history_view(request, object_id, {"versions": versions, **(extra_context or {})})

    def compare_view(self, request, object_id: int):
        """Two versions side by side, the older on the left; what differs is marked."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        condition = get_object_or_404(Condition, pk=object_id)
        versions = Version.objects.get_for_object_reference(Condition, object_id).select_related("revision__user")
        try:
            chosen = sorted(int(request.GET[name]) for name in ("older", "newer"))
        except (KeyError, ValueError):
            chosen = list(versions.order_by("-pk").values_list("pk", flat=True)[:2])[::-1]
        found = {version.pk: version for version in versions.filter(pk__in=chosen)}
        if len(chosen) != 2 or set(chosen) - set(found):
            raise Http404("Choose two versions of this condition")
        older, newer = found[chosen[0]], found[chosen[1]]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": condition,
            "title": f"Compare versions of {condition}",
            "older": older,
            "newer": newer,
            "rows": compare.rows(older, newer),
        }
        return TemplateResponse(request, "admin/conditions/condition/compare.html", context)

    def version_preview_view(self, request, object_id: int, version_id: int):
        """The page as it was in one version, as the restore screen offers it; nothing is saved."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id, object_id=str(object_id))
        try:
            with transaction.atomic(), content_changes_not_published():
                version.revision.revert(delete=True)
                condition = get_object_or_404(Condition, pk=object_id)
                response = render_condition(request, condition, is_preview=True)
                raise _Preview(response)
        except _Preview as preview:
            preview.response["Cache-Control"] = "no-store, private"
            return preview.response

    def preview_view(self, request, object_id):
        """Staff see any condition, draft or scheduled, exactly as the public page shows it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pk = Condition._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404("Not a condition's ID") from None  # /abc/preview/, typed or guessed
        condition = get_object_or_404(Condition, pk=pk)
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
