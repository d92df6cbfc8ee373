from django import template
from django.utils import timezone

from ..admin import REVIEW_SOON
from ..models import Condition

register = template.Library()


@register.inclusion_tag("admin/conditions/review_due.html", takes_context=True)
def review_due(context):
    """For content editors on the admin home: pages whose clinical review is overdue or due within 30 days."""
    request = context["request"]
    if not request.user.has_perm("conditions.change_condition"):
        return {"show": False}
    today = timezone.localdate()
    due = Condition.objects.filter(next_review_due__lte=today + REVIEW_SOON).order_by("next_review_due", "title")
    return {
        "show": True,
        "today": today,
        "soon_days": REVIEW_SOON.days,
        "conditions": list(due.only("pk", "title", "next_review_due", "review_details_are_sample")),
    }
