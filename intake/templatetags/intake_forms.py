"""`{% intake_form "Send my details" %}`: an intake form, its empty markup built once per content version.

Rendering some forty fields through Django's widget templates was most of a form page's CPU.
An empty form (a GET) looks the same to everyone until content changes (clinics, the privacy
notice), so its markup is cached under the content version (clinic_site.page_cache) with
placeholders for what is each visitor's own: the CSRF token, the form's one-time token and its
signed fill-time stamp, filled in on each request. A form that was sent, or that carries what a
person typed, is always rendered afresh and never cached.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from clinic_site.page_cache import versioned_fragment

register = template.Library()

FORM_TEMPLATE = "intake/form.html"
# Placeholders that survive HTML escaping and never occur in a form's own markup.
CSRF_MARK = "intake-placeholder-csrf-6f0c1e"
TOKEN_MARK = "intake-placeholder-token-6f0c1e"
STARTED_MARK = "intake-placeholder-started-6f0c1e"


def _is_empty(form, context) -> bool:
    """A form as everyone first sees it: not sent, nothing typed, no notice about sending too often."""
    return not form.is_bound and set(form.initial) <= {"form_token"} and not context.get("too_many_sends")


@register.simple_tag(takes_context=True)
def intake_form(context, submit_label: str) -> str:
    form = context["form"]
    form_template = context.template.engine.get_template(FORM_TEMPLATE)

    def render(**values) -> str:
        with context.push(submit_label=submit_label, **values):
            return form_template.render(context)

    if not _is_empty(form, context) or not context.get("csrf_token"):
        return render()

    def blank() -> str:
        # The same form with placeholders for the visitor's own values.
        cls = type(form)
        placeholder_form = type(cls.__name__, (cls,), {"started_stamp": STARTED_MARK})(
            initial={"form_token": TOKEN_MARK}
        )
        return render(form=placeholder_form, csrf_token=CSRF_MARK)

    markup = versioned_fragment(f"intake-form:{type(form).__name__}:{slugify(submit_label)}", blank)
    own = {
        CSRF_MARK: context.get("csrf_token"),
        TOKEN_MARK: form["form_token"].value(),
        STARTED_MARK: form.started_stamp,
    }
    for mark, value in own.items():
        markup = markup.replace(mark, str(conditional_escape(value)))
    return mark_safe(markup)  # noqa: S308 (rendered markup, the visitor's own values escaped)
