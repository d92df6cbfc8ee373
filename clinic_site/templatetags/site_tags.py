import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from clinic_site import site_parts

register = template.Library()

# As django.utils.html.json_script: no "<", ">" or "&" can close the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data) -> SafeString:
    """Structured data for search engines, safe whatever text staff typed into it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str | None = None) -> str:
    """The public URL (on SITE_URL) of a path, or of the current page without its query string."""
    if path is None:
        request = context.get("request")  # absent on the 500 page, which renders without one
        path = request.path if request else "/"
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def site_part(context, template_name: str, **constants) -> SafeString:
    """Include a part that is the same on every page; it sees only the site-wide context and
    the constants given here, and is rendered once per content version (see site_parts)."""
    return site_parts.render(context, template_name, constants)


@register.filter
def minutes(value) -> str:
    """A timedelta as whole minutes in words: "15 minutes"."""
    count = max(1, round(value.total_seconds() / 60))
    return f"{count} minute{'s' if count != 1 else ''}"
