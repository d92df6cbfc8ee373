from django.contrib import admin

from .models import HomePage


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
