from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import HomePage
from .two_factor import reset_second_factor


class PlainWordingMixin:
    """Titles and messages in plain English: "Submissions", "EJY3-WE saved", "History of Back Spasms".

    Django's own ("Select submission to change", 'The submission "Submission EJY3-WE" was changed
    successfully. You may edit it again below.') speak of objects; staff speak of the things.
    """

    def object_label(self, obj) -> str:
        return str(obj)

    def changelist_view(self, request, extra_context=None):
        title = str(self.opts.verbose_name_plural)
        return super().changelist_view(request, {"title": title[:1].upper() + title[1:], **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["title"] = self.object_label(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {"title": f"History of {self.object_label(obj)}"} if obj is not None else {}
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def response_add(self, request, obj, post_url_continue=None):
        request._plain_saved = self.object_label(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request._plain_saved = self.object_label(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        saved = getattr(request, "_plain_saved", None)
        if saved is not None and level == messages.SUCCESS:
            message, request._plain_saved = f"{saved} saved.", None
        return super().message_user(request, message, level, *args, **kwargs)


class SingletonAdmin(PlainWordingMixin, admin.ModelAdmin):
    """The admin of a one-row model: staff add it once, then change it; nobody deletes it."""

    def has_add_permission(self, request) -> bool:
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(HomePage)
class HomePageAdmin(SingletonAdmin):
    list_display = ("__str__", "is_sample", "updated_at")
    fields = ("headline", "introduction", "is_sample")


# --- Staff accounts: the second factor's state and its reset -----------------------------

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, with whether each person has set up sign-in codes and, for
    superusers only, a way to reset them (a lost phone): that person sets up again at their
    next admin page."""

    list_display = (*UserAdmin.list_display, "is_active", "has_authenticator")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(authenticator=Exists(confirmed))

    @admin.display(boolean=True, description="authenticator set up", ordering="authenticator")
    def has_authenticator(self, user) -> bool:
        return user.authenticator

    @admin.action(description="Reset sign-in codes (lost phone): set up again at next sign-in", permissions=["reset"])
    def reset_second_factor(self, request, queryset) -> None:
        for user in queryset:
            reset_second_factor(user)
            self.log_change(request, user, "Reset the authenticator and recovery codes.")
        self.message_user(
            request,
            f"Reset sign-in codes for {', '.join(user.get_username() for user in queryset)}. "
            "Each sets up an authenticator again at their next admin page.",
            messages.SUCCESS,
        )

    def has_reset_permission(self, request) -> bool:
        return request.user.is_superuser
