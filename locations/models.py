from django.db import models
from django.urls import reverse


class LocationQuerySet(models.QuerySet):
    def active(self):
        """Locations shown to the public, in display order."""
        return self.filter(is_active=True).order_by("position", "name")


class Location(models.Model):
    name = models.CharField(max_length=80, help_text="As patients know it, e.g. “Manhattan”.")
    slug = models.SlugField(
        unique=True, help_text="The last part of the page address, e.g. manhattan → /locations/manhattan/."
    )
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2, help_text="Two-letter postal code, e.g. NY.")
    phone = models.CharField(max_length=20, help_text="Shown on every page and linked for tapping to call.")
    position = models.PositiveSmallIntegerField("display order", default=0)
    is_active = models.BooleanField(
        "shown on the site", default=True, help_text="Untick to hide this clinic everywhere."
    )
    is_sample = models.BooleanField(
        "holds sample details",
        default=False,
        help_text="Ticked while the phone number and other details are placeholders. Untick once checked.",
    )

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "location"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("locations:detail", kwargs={"slug": self.slug})

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: link target (+1 and digits only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}"
