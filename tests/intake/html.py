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


def sent_back(client, url: str, data: dict):
    """Post a form that has mistakes: it answers with a redirect to itself (post/redirect/get),
    and the form page that follows shows the messages with what was typed."""
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)], response.redirect_chain
    assert response.status_code == 200
    return response
