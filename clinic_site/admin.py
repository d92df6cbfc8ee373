from django.contrib import admin

from .models import HomePage


@admin.register(HomePage)
class HomePageAdmin(admin.ModelAdmin):
    """One home page: staff edit it, but cannot add a second or delete it."""

    list_display = ("__str__", "is_sample", "updated_at")
    fields = ("headline", "introduction", "is_sample")

    def has_add_permission(self, request) -> bool:
        return not HomePage.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
