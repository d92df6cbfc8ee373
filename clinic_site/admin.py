from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import HomePage
from .two_factor import reset_second_factor


class SingletonAdmin(admin.ModelAdmin):
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
