"""Checks that need tools outside Python: Chromium, axe-core (Node) and the Nu Html Checker (Java).

Where a tool is missing the check skips with its reason; with REQUIRE_ALL_CHECKS set
(as `.ci/run` does) the skip becomes a failure, so CI always runs them.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every public page with sample content, for the accessibility and HTML checks.
PUBLIC_PAGES = [
    "/",
    "/conditions/",
    "/conditions/?q=spasm",
    "/conditions/back-spasms/",
    "/locations/",
    "/locations/manhattan/",
    "/locations/chatham/",
    "/locations/wharton/",
    "/locations/darien/",
    "/new-patients/",
    "/follow-up/",
    "/self-pay/",
    "/privacy-practices/",
    "/nondiscrimination/",
    "/language-help/",
    "/patient-protections/",
    "/accessibility/",
    "/website-privacy/",
    "/no-such-page/",
]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", ROOT / "node_modules" / ".bin" / "lighthouse"))
LIGHTHOUSE_GATES = ("accessibility", "best-practices", "seo")


def require(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("REQUIRE_ALL_CHECKS"):
        pytest.fail(f"{reason} (REQUIRE_ALL_CHECKS is set, so this check may not be skipped)")
    pytest.skip(reason)


def require_chromium() -> None:
    require(CHROMIUM.exists(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A and AA rules on the page; return the violations found."""
    require(AXE_JS.exists(), "axe-core not installed: npm ci")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def html_errors(documents: dict[str, bytes], tmp_path: Path) -> dict[str, list[str]]:
    """Validate HTML documents with the Nu Html Checker; return its errors by document name."""
    java = shutil.which("java")
    require(java is not None, "Java not found: the Nu Html Checker needs it")
    require(VNU_JAR.exists(), "vnu-jar not installed: npm ci")
    files = []
    for name, content in documents.items():
        path = tmp_path / (name.strip("/").replace("/", "_").replace("?", "_") or "home")
        path = path.with_suffix(".html")
        path.write_bytes(content)
        files.append(path)
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--stdout", "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    messages = json.loads(completed.stdout or b'{"messages": []}')["messages"]
    by_file = {path.name: name for path, name in zip(files, documents, strict=True)}
    errors: dict[str, list[str]] = {}
    for message in messages:
        name = by_file.get(Path(message.get("url", "")).name, message.get("url", "?"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def lighthouse_scores(url: str, tmp_path: Path) -> dict[str, float]:
    """Lighthouse's category scores for a page at phone width (its mobile emulation), with the
    failing audits of the gated categories under "failing"."""
    require(LIGHTHOUSE.exists(), "lighthouse not installed: npm ci")
    require_chromium()
    report = tmp_path / "lighthouse.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--form-factor=mobile",
            f"--only-categories={','.join(LIGHTHOUSE_GATES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            "--output=json",
            f"--output-path={report}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        check=True,
        timeout=180,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: data["categories"][name]["score"] for name in LIGHTHOUSE_GATES}
    failing = [
        audit_id
        for name in LIGHTHOUSE_GATES
        for ref in data["categories"][name]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and data["audits"][audit_id]["score"] not in (None, 1)
    ]
    return {**scores, "failing": failing}
