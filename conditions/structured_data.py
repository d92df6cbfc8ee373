"""schema.org data for a condition page, built from what the page shows."""

from django.conf import settings
from django.urls import reverse

from clinic_site.structured_data import breadcrumb_list, practice

from .models import Condition, Section

_THERAPY_TYPES = {
    Section.Kind.IMMEDIATE_TREATMENT: "MedicalTherapy",
    Section.Kind.PHYSICAL_THERAPY: "PhysicalTherapy",
}


def condition_page(condition: Condition) -> dict:
    path = condition.get_absolute_url()
    url = settings.SITE_URL + path
    medical_condition = {
        "@type": "MedicalCondition",
        "name": condition.title,
        "description": condition.summary,
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": s.text} for s in condition.symptom_list],
        "cause": [{"@type": "MedicalCause", "name": c.text} for c in condition.cause_list],
        "possibleTreatment": [
            {"@type": _THERAPY_TYPES[s.kind], "name": s.heading or s.get_kind_display(), "description": s.body}
            for s in condition.section_list
            if s.kind in _THERAPY_TYPES and s.body.strip()
        ],
    }
    page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": condition.title,
        "description": condition.summary,
        "dateModified": condition.updated_at,
        "about": medical_condition,
        "publisher": practice(),
    }
    if condition.last_reviewed:
        page["lastReviewed"] = condition.last_reviewed
    breadcrumbs = breadcrumb_list(
        [
            ("Home", reverse("home")),
            ("Conditions", reverse("conditions:index")),
            (condition.title, path),
        ]
    )
    return {"@context": "https://schema.org", "@graph": [page, breadcrumbs]}
