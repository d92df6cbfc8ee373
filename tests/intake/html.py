"""Finding elements in a page by their attributes, whatever order the HTML writes them in."""

from html.parser import HTMLParser


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str, tag: str, attrs: dict[str, str | None]) -> list[dict[str, str | None]]:
    """The attributes of every `tag` element that has all of `attrs` (None: a bare attribute, like `checked`)."""
    parser = _StartTags()
    parser.feed(html)
    return [
        found
        for name, found in parser.tags
        if name == tag and all(key in found and found[key] == value for key, value in attrs.items())
    ]


def form_token(html: str) -> str:
    """The one-time token a rendered form carries."""
    (token,) = elements(html, "input", {"name": "form_token"})
    return token["value"]
