"""Build the POST data of a Django admin change form from the page the admin rendered."""

from html.parser import HTMLParser

from django.forms import MultiWidget


def _form_values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None:
            continue
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            for i, (widget, part) in enumerate(zip(field.widget.widgets, parts, strict=True)):
                data[f"{key}_{i}"] = widget.format_value(part) or ""
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            formatted = field.widget.format_value(value)
            if formatted is not None:
                data[key] = formatted
    return data


def change_form_data(response) -> dict:
    """What the browser would send if staff pressed Save without changing anything."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            data.update(_form_values(form))
    return data


def add_inline_rows(data: dict, prefix: str, rows: list[dict]) -> dict:
    """Add rows to an inline, as staff do with "Add another"."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start=total):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def input_attributes(html: str, name: str) -> dict[str, str | None]:
    """The attributes of the <input> named `name` on a page, whatever order they come in."""
    found: dict[str, str | None] = {}

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "input" and ("name", name) in attrs and not found:
                found.update(attrs)

    Finder().feed(html)
    assert found, f"no <input name={name!r}> on the page"
    return found
