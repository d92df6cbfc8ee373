"""A patient reads the notices in a browser: right-to-left taglines, a page that prints cleanly."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where a line of text starts within its box, measured in the browser: a Range covers the text itself.
TEXT_EDGES = """element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return {textLeft: text.left, textRight: text.right, boxLeft: box.left, boxRight: box.right,
            direction: getComputedStyle(element).direction};
}"""


@pytest.mark.parametrize("language", ["ar", "ur", "yi"])
def test_a_right_to_left_tagline_reads_from_the_right(phone, live_server, seeded, shots, language):
    phone.goto(f"{live_server.url}/language-help/")
    tagline = phone.locator(f'li.tagline[lang="{language}"]')
    assert tagline.get_attribute("dir") == "rtl"
    name = tagline.locator(".tagline__language").evaluate(TEXT_EDGES)
    assert name["direction"] == "rtl"
    # The language's name hugs the right edge of its box and stops well short of the left.
    assert abs(name["textRight"] - name["boxRight"]) < 2
    assert name["textLeft"] - name["boxLeft"] > 100
    # The phone number inside keeps its digits left to right.
    number = tagline.get_by_role("link", name="(212) 555-0100")
    assert number.evaluate("a => getComputedStyle(a).direction") == "ltr"
    assert number.is_visible()
    tagline.scroll_into_view_if_needed()
    tagline.screenshot(path=str(shots / f"notices-tagline-{language}.png"))
    phone.screenshot(path=str(shots / "notices-language-help-phone.png"), full_page=True)


def test_a_notice_prints_without_the_site_around_it(desktop, live_server, seeded, shots):
    desktop.goto(f"{live_server.url}/privacy-practices/")
    desktop.emulate_media(media="print")
    assert desktop.get_by_role("heading", level=1, name="Notice of Privacy Practices").is_visible()
    assert desktop.get_by_text("Please review it carefully.").is_visible()
    for hidden in (".site-header", ".site-footer", ".breadcrumbs", ".notice__versions", ".notice__print-hint"):
        assert desktop.locator(hidden).is_hidden(), hidden
    desktop.pdf(path=str(shots / "notices-privacy-practices.pdf"))
    desktop.screenshot(path=str(shots / "notices-privacy-practices-print.png"), full_page=True)
