import os
from pathlib import Path

import pytest

from tests.checks import CHROMIUM, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded one, with the flags this machine needs."""
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def typed_at_machine_speed(settings):
    """A browser test types faster than a person: the fill-time bot check would send its forms
    back whenever the page, axe and screenshots took under the limit. tests/intake/test_abuse.py
    tests that check."""
    settings.INTAKE_MIN_FILL_SECONDS = 0


@pytest.fixture
def phone(browser):
    """A page in a phone-sized viewport (iPhone SE width)."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: INTAKE_SCREENSHOTS if set (to look at them), else the test's temp folder."""
    folder = Path(os.environ.get("INTAKE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
