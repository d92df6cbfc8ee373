"""The notices, for content editors: each notice's page details, and its dated versions.

A version that has taken effect is kept as patients read it: only its "sample" flag can change.
To change a notice, start a new version from the one in force, edit it and give it a date.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from clinic_site.admin import PlainWordingMixin

from .models import Notice, NoticeSection, NoticeVersion, Tagline


def rule_checklist(notice: Notice | None) -> str:
    if notice is None:
        return "Choose the notice and save; the rule it answers is shown here."
    rule, elements = notice.rule
    items = format_html_join("", "<li>{}</li>", ((element,) for element in elements))
    return format_html("<p>{}</p><p>It must cover:</p><ul>{}</ul>", rule, items)


class TaglineInline(admin.TabularInline):
    model = Tagline
    extra = 0
    fields = ("language", "text", "is_sample", "position")


@admin.register(Notice)
class NoticeAdmin(PlainWordingMixin, admin.ModelAdmin):
    list_display = ("title", "public_address", "in_force", "scheduled", "updated_at")
    fields = ("title", "slug", "summary", "what_the_rule_asks", "versions_list")
    readonly_fields = ("what_the_rule_asks", "versions_list")

    def get_readonly_fields(self, request, obj=None):
        # The address is fixed once made: the footer of every page links to it.
        return (*self.readonly_fields, "slug") if obj else self.readonly_fields

    def get_inlines(self, request, obj):
        return (TaglineInline,) if obj and obj.slug == Notice.Page.LANGUAGE_HELP else ()

    def has_add_permission(self, request) -> bool:
        # One of each: only a notice that does not exist yet can be added.
        missing = set(Notice.Page.values) - set(Notice.objects.values_list("slug", flat=True))
        return bool(missing) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # every page links to each notice

    @admin.display(description="address")
    def public_address(self, obj: Notice) -> str:
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    @admin.display(description="in force")
    def in_force(self, obj: Notice) -> str:
        version = obj.versions.published().first()
        if version is None:
            return "None yet: the page is not found"
        return f"Effective {version.effective_on:%b} {version.effective_on.day}, {version.effective_on.year}" + (
            " (sample)" if version.is_sample else ""
        )

    @admin.display(description="next version")
    def scheduled(self, obj: Notice) -> str:
        version = obj.versions.filter(effective_on__gt=timezone.localdate()).order_by("effective_on").first()
        return f"{version.effective_on:%b} {version.effective_on.day}, {version.effective_on.year}" if version else "—"

    @admin.display(description="what the rule asks")
    def what_the_rule_asks(self, obj: Notice | None) -> str:
        return rule_checklist(obj)

    @admin.display(description="versions")
    def versions_list(self, obj: Notice | None) -> str:
        if obj is None or obj.pk is None:
            return "Save the notice, then add its first version."
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:notices_noticeversion_change", args=[v.pk]), str(v)) for v in obj.versions.all()),
        )
        add = reverse("admin:notices_noticeversion_add") + f"?notice={obj.pk}"
        return format_html('<ul>{}</ul><p><a href="{}">Add a version</a></p>', rows, add)


class NoticeSectionInline(admin.StackedInline):
    model = NoticeSection
    extra = 0
    fields = (("heading", "position"), "body")

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.has_taken_effect

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def get_extra(self, request, obj=None, **kwargs) -> int:
        copied = getattr(request, "_copied_sections", None)
        return len(copied) if copied else (0 if obj else 1)


@admin.register(NoticeVersion)
class NoticeVersionAdmin(PlainWordingMixin, admin.ModelAdmin):
    list_display = ("__str__", "state", "is_sample", "updated_at")
    list_filter = ("notice", "is_sample")
    list_select_related = ("notice",)
    inlines = (NoticeSectionInline,)
    fields = ("notice", "effective_on", "is_sample", "what_the_rule_asks", "copy_link")
    readonly_fields = ("what_the_rule_asks", "copy_link")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.has_taken_effect:
            return ("notice", "effective_on", *self.readonly_fields)
        if obj is not None:
            return ("notice", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # A scheduled version may be withdrawn; one that has taken effect is kept.
        return (obj is None or not obj.has_taken_effect) and super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request) -> dict:
        """A new version starts from `?copy=<id>` (its notice and text), dated tomorrow."""
        initial = super().get_changeform_initial_data(request)
        source = self._copy_source(request)
        if source is not None:
            initial["notice"] = source.notice_id
        initial.setdefault("effective_on", timezone.localdate() + timedelta(days=1))
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        copied = getattr(request, "_copied_sections", None)
        if copied and request.method == "GET":
            kwargs["initial"] = copied
        return kwargs

    def add_view(self, request, form_url="", extra_context=None):
        source = self._copy_source(request)
        if source is not None:
            request._copied_sections = [
                {"heading": s.heading, "body": s.body, "position": s.position} for s in source.sections.all()
            ]
        return super().add_view(request, form_url, extra_context)

    def _copy_source(self, request) -> NoticeVersion | None:
        copy = request.GET.get("copy", "")
        return NoticeVersion.objects.filter(pk=copy).first() if copy.isdigit() else None

    def get_queryset(self, request):
        in_force = NoticeVersion.objects.published().filter(notice=OuterRef("notice")).values("pk")[:1]
        return super().get_queryset(request).annotate(in_force_pk=Subquery(in_force))

    def view_on_site(self, obj: NoticeVersion) -> str | None:
        return obj.get_absolute_url() if obj.has_taken_effect else None  # a scheduled one is not public yet

    @admin.display(description="on the site")
    def state(self, obj: NoticeVersion) -> str:
        if not obj.has_taken_effect:
            return "Scheduled"
        return "In force" if obj.pk == obj.in_force_pk else "Earlier version"

    @admin.display(description="what the rule asks")
    def what_the_rule_asks(self, obj: NoticeVersion | None) -> str:
        return rule_checklist(obj.notice if obj and obj.notice_id else None)

    @admin.display(description="change the text")
    def copy_link(self, obj: NoticeVersion | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:notices_noticeversion_add") + f"?copy={obj.pk}"
        return format_html(
            '<a href="{}">Start a new version from this one</a>: the same text, dated tomorrow; edit both, then save.',
            url,
        )
