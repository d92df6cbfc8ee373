"""Password rules of our own, beside Django's (AUTH_PASSWORD_VALIDATORS)."""

import re
import unicodedata
from collections import Counter

from django.core.exceptions import ValidationError

# A password needs this many different characters, and no one character may be more than half.
MIN_DISTINCT = 5
# Name parts shorter than this ("Al", "Li") are too common inside words to refuse.
MIN_NAME_PART = 3


def _folded(text: str) -> str:
    """Lower case without accents, so "María" and "MARIA" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class RepeatedCharactersValidator:
    """Refuses passwords made mostly of one character (`aaaaaaaaaaaa`, `aaaaaaaaaaa1`) or of
    a handful repeated (`abababababab`): long, but guessed at once."""

    def validate(self, password: str, user=None) -> None:
        counts = Counter(password)
        if len(counts) < MIN_DISTINCT or max(counts.values(), default=0) * 2 > len(password):
            raise ValidationError(self.get_help_text(), code="password_repetitive")

    def get_help_text(self) -> str:
        return (
            f"Your password must use at least {MIN_DISTINCT} different characters, "
            "and no one character may make up more than half of it."
        )


class NamePartsValidator:
    """Refuses passwords containing the user's first or last name or username, or a part of
    one (`MariaLopez2026` for Maria Lopez, `frontdesk1` for `frontdesk`): the first thing
    anyone guessing tries. Parts are runs of 3 or more letters, compared without case or accents.
    """

    attributes = ("first_name", "last_name", "username")

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        folded = _folded(password)
        for part in self._name_parts(user):
            if part in folded:
                raise ValidationError(
                    "Your password must not contain your name or username (it contains “%(part)s”).",
                    code="password_has_name",
                    params={"part": part},
                )

    def _name_parts(self, user) -> list[str]:
        parts = []
        for attribute in self.attributes:
            value = _folded(str(getattr(user, attribute, "") or ""))
            parts += [part for part in re.findall(r"[^\W\d_]+", value) if len(part) >= MIN_NAME_PART]
        return sorted(set(parts), key=lambda part: (-len(part), part))  # the longest named first

    def get_help_text(self) -> str:
        return "Your password must not contain your name or username."
