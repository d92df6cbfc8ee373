"""The languages a tagline on /language-help/ may be written in, with their script direction.

Section 1557 (45 CFR 92.11) asks for taglines in at least the 15 languages most spoken by people
with limited English proficiency in the states a practice serves; a practice in several states may
add the states together. TOP_15 is that list for New York, New Jersey and Connecticut together.

Source: the American Community Survey's detailed-language counts of people who speak English less
than "very well" (the data behind the per-state top-15 lists HHS OCR and CMS published for Section
1557; table C16001 groups languages too coarsely to rank them). New York's numbers dominate the sum,
so its list gives most of the 15; Portuguese, Gujarati and Tagalog come in on New Jersey's and
Connecticut's. The order within the 15 is approximate: what the rule needs is the set.
NEXT_IN_LINE are the languages just below the 15th, taglined too in case newer figures reorder the
tail. Check the set against OCR's current figures when the clinic confirms the taglines.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # a BCP 47 tag, as the HTML lang attribute takes it
    name: str  # in English, for staff
    native: str  # in the language itself, for patients
    rtl: bool = False  # written right to left

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES = [
    Language("es", "Spanish", "Español"),
    Language("zh-Hant", "Chinese (traditional characters)", "繁體中文"),
    Language("zh-Hans", "Chinese (simplified characters)", "简体中文"),
    Language("ru", "Russian", "Русский"),
    Language("ht", "Haitian Creole", "Kreyòl ayisyen"),
    Language("ko", "Korean", "한국어"),
    Language("bn", "Bengali", "বাংলা"),
    Language("it", "Italian", "Italiano"),
    Language("pl", "Polish", "Polski"),
    Language("yi", "Yiddish", "אידיש", rtl=True),
    Language("pt", "Portuguese", "Português"),
    Language("ar", "Arabic", "العربية", rtl=True),
    Language("tl", "Tagalog", "Tagalog"),
    Language("gu", "Gujarati", "ગુજરાતી"),
    Language("fr", "French", "Français"),
    Language("ur", "Urdu", "اردو", rtl=True),
    Language("hi", "Hindi", "हिन्दी"),
    Language("el", "Greek", "Ελληνικά"),
    Language("vi", "Vietnamese", "Tiếng Việt"),
    Language("sq", "Albanian", "Shqip"),
    # Not in the seeded taglines; here so staff can add them.
    Language("ja", "Japanese", "日本語"),
    Language("fa", "Persian (Farsi)", "فارسی", rtl=True),
    Language("he", "Hebrew", "עברית", rtl=True),
    Language("uk", "Ukrainian", "Українська"),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    Language("ne", "Nepali", "नेपाली"),
    Language("ps", "Pashto", "پښتو", rtl=True),
    Language("de", "German", "Deutsch"),
    Language("th", "Thai", "ไทย"),
    Language("km", "Khmer", "ខ្មែរ"),
    Language("am", "Amharic", "አማርኛ"),
]
BY_CODE = {language.code: language for language in LANGUAGES}
CHOICES = [(language.code, f"{language.name} ({language.native})") for language in LANGUAGES]

# Chinese counts once in the ranking; its taglines come in both sets of characters.
TOP_15 = ["es", "zh-Hant", "ru", "ht", "ko", "bn", "it", "pl", "yi", "pt", "ar", "tl", "gu", "fr", "ur"]
NEXT_IN_LINE = ["hi", "el", "vi", "sq"]
