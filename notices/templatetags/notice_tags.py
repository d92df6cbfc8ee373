from django import template
from django.utils.safestring import SafeString

from notices.text import fill

register = template.Library()


@register.filter
def with_placeholders(text: str, values: dict) -> SafeString:
    """Notice text, escaped, with {phone} and the other placeholders filled in."""
    return fill(text, values)
