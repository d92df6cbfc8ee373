from django.contrib import admin

from .models import Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "state", "phone", "is_active", "is_sample", "position")
    list_editable = ("position",)
    list_filter = ("is_active", "is_sample", "state")
    search_fields = ("name", "city")
    prepopulated_fields = {"slug": ("name",)}
