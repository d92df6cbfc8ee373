"""schema.org data for a clinic page, built from what the page shows."""

from django.conf import settings
from django.urls import reverse

from clinic_site.structured_data import PRACTICE_NAME, breadcrumb_list, practice

from .models import Location

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _hhmm(value) -> str:
    return value.strftime("%H:%M")


def opening_hours(location: Location) -> list[dict]:
    """Weekly hours, then dated special hours; a closure is opens = closes = 00:00 (schema.org's way)."""
    specs = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAYS[interval.weekday]}",
            "opens": _hhmm(interval.opens),
            "closes": _hhmm(interval.closes),
        }
        for interval in location.opening_hours.all()
    ]
    for special in location.upcoming_closures:
        spec = {
            "@type": "OpeningHoursSpecification",
            "validFrom": special.starts_on.isoformat(),
            "validThrough": special.ends_on.isoformat(),
            "opens": "00:00" if special.is_closed else _hhmm(special.opens),
            "closes": "00:00" if special.is_closed else _hhmm(special.closes),
        }
        if special.reason:
            spec["description"] = special.reason
        specs.append(spec)
    return specs


def clinic(location: Location) -> dict:
    url = settings.SITE_URL + location.get_absolute_url()
    data = {
        "@type": ["MedicalClinic", "Physiotherapy"],
        "@id": f"{url}#clinic",
        "name": f"{PRACTICE_NAME} – {location.name}",
        "url": url,
        "telephone": location.phone.as_e164 if location.phone else None,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street_address,
            "addressLocality": location.city,
            "addressRegion": location.state,
            "postalCode": location.zip_code,
            "addressCountry": "US",
        },
        "openingHoursSpecification": opening_hours(location),
        "isAcceptingNewPatients": location.accepts_new_patients,
        "medicalSpecialty": "https://schema.org/PhysicalTherapy",
        "parentOrganization": practice(),
    }
    if location.latitude is not None and location.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    if location.fax:
        data["faxNumber"] = location.fax.as_e164
    if location.email:
        data["email"] = location.email
    if location.address_lines:
        data["hasMap"] = location.directions_url
    data["address"] = {key: value for key, value in data["address"].items() if value}
    return {key: value for key, value in data.items() if value not in (None, "")}


def location_page(location: Location) -> dict:
    breadcrumbs = breadcrumb_list(
        [
            ("Home", reverse("home")),
            ("Locations", reverse("locations:index")),
            (location.name, location.get_absolute_url()),
        ]
    )
    return {"@context": "https://schema.org", "@graph": [clinic(location), breadcrumbs]}


def location_index(locations: list[Location]) -> dict:
    return {"@context": "https://schema.org", "@graph": [clinic(location) for location in locations]}
