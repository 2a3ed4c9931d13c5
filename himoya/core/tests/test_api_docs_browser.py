"""The API docs page really renders in Chromium under our Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

# The docs page and the OpenAPI document read nothing from the database, so this test
# needs no (transactional) database and leaves the serialized-rollback journeys alone.
pytestmark = [pytest.mark.browser]


def test_swagger_ui_renders_without_csp_violations(chromium, live_server, shoot):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Every blocked script, style or request is reported, console or not.
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    try:
        page.goto(live_server.url + "/api/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Himoya API")
        # The operations come from /api/openapi.json, fetched by the init script.
        expect(
            page.locator(".opblock-summary-path", has_text="/api/hsds/services").first
        ).to_be_visible()
        page.locator(".opblock-summary", has_text="/api/hsds/services").first.click()
        expect(page.locator(".opblock-body").first).to_be_visible()
        shoot(page, "api-docs")
        problems += page.evaluate("window.__violations")
    finally:
        context.close()
    assert not problems, problems
