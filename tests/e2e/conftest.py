"""Browser journeys: Debian's Chromium driven by Playwright (sync API) against pytest-django's
live server (transactional database, Celery eager, locmem mail outbox shared with the thread
that serves the pages)."""

import os
import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread (for the whole session, the browser
# being session-scoped): Django would otherwise refuse the ORM calls made from that thread, by
# these tests (factories, outbox checks) and by any test that runs after them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
BLOCKING_IMPACTS = ("serious", "critical")
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
TIMEOUT_MS = 20_000  # generous: CI shares 2 cores with PostgreSQL, Redis and the app

expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def browser_errors(page: Page) -> list[str]:
    """Script errors and console errors (CSP refusals included) the page logged, except the
    "Failed to load resource" lines Chromium logs for every 4xx answer (forms with errors)."""
    return [e for e in page.console_errors if not e.startswith("Failed to load resource")]


def _new_page(browser: Browser, **options) -> Page:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


@pytest.fixture
def page(browser) -> Page:
    """A page in a fresh context that enforces the site's CSP, as a real browser does."""
    page = _new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def axe_page(browser) -> Page:
    """A page whose context ignores the CSP, only so that axe-core can be injected (the CSP
    refuses the inline script Playwright's add_script_tag creates; see test_accessibilite)."""
    page = _new_page(browser, bypass_csp=True)
    yield page
    page.context.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> list[dict]:
    """axe-core violations of the page as it is shown now (serious and critical unless
    `impacts` says otherwise)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, impact: n.impact,
                                          summary: n.failureSummary}))
            }));
        }"""
    )
    return [v for v in results if v["impact"] in impacts]


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} axe-core violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = re.sub(r"\s+", " ", node["summary"] or "").strip()
            lines.append(f"    {target} — {summary}")
    return "\n".join(lines)


class AxeAudit:
    """Collects the violations (serious and critical by default) of several page states, then
    asserts once so that one failing page does not hide the others."""

    def __init__(self, impacts: tuple[str, ...] = BLOCKING_IMPACTS):
        self.impacts = impacts
        self.checked: list[str] = []
        self.failures: list[str] = []

    def check(self, page: Page, label: str) -> None:
        where = f"{label} ({page.url})"
        self.checked.append(where)
        violations = axe_violations(page, self.impacts)
        if violations:
            self.failures.append(format_violations(violations, where))

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.failures, "\n\n".join(self.failures)


@pytest.fixture
def axe_audit():
    return AxeAudit()


def axe_check(page: Page, where: str = "") -> list[dict]:
    """Run axe-core on the page as shown now, assert it has no serious or critical violation
    (the message lists rule ids, impacts and target selectors) and return that list."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, where or page.url)
    return violations
