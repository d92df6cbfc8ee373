from django import template
from django.db.models import Count
from django.utils import timezone

from locations.models import Location

from ..models import Submission

register = template.Library()


@register.inclusion_tag("admin/intake/dashboard.html", takes_context=True)
def intake_dashboard(context):
    """What waits for the front desk: counts by location and status, and the oldest not picked up."""
    request = context["request"]
    if not request.user.has_perm("intake.view_submission"):
        return {"show": False}
    waiting = Submission.objects.waiting()
    statuses = [status for status in Submission.Status if status not in Submission.DONE_STATUSES]
    counts: dict[str | None, dict[str, int]] = {}
    names: dict[str | None, str] = {}
    # Counted from the index of open submissions alone (no join); the few clinics' names come after.
    for row in waiting.values("location_id", "status").annotate(n=Count("*")).order_by():
        counts.setdefault(row["location_id"], {})[row["status"]] = row["n"]
    located = Location.objects.in_bulk([key for key in counts if key is not None])
    for key in counts:
        names[key] = located[key].name if key in located else "No location"
    rows = [
        {
            "location_id": location_id,
            "name": names[location_id],
            "cells": [counts[location_id].get(status, 0) for status in statuses],
            "total": sum(counts[location_id].values()),
        }
        for location_id in sorted(counts, key=lambda key: names[key])
    ]
    oldest = waiting.not_picked_up().order_by("received_at").only("pk", "reference", "received_at").first()
    return {
        "show": True,
        "statuses": statuses,
        "rows": rows,
        "totals": [sum(row["cells"][i] for row in rows) for i in range(len(statuses))],
        "total": sum(row["total"] for row in rows),
        "oldest": oldest,
        "now": timezone.now(),
        # Good Faith Estimates have legal deadlines: say at once when one is late.
        "estimates_overdue": Submission.objects.estimate_overdue().count(),
    }
