"""Screenshot a Home Assistant dashboard in headless Chromium.

    python scripts/dashboard_screenshot.py http://127.0.0.1:8123 /tmp/overview.png
    python scripts/dashboard_screenshot.py http://127.0.0.1:8123/climate /tmp/climate.png
    python scripts/dashboard_screenshot.py URL /tmp/ac.png --more-info climate.living_room_ac

Logs in through Home Assistant's login flow (``/auth/login_flow``, then ``/auth/token``), hands
the tokens to the frontend the way it stores them itself (``hassTokens`` in localStorage), opens
the URL (its path, or the default dashboard) and waits until the dashboard's cards, and the
more-info dialog when asked for, have rendered and stopped changing before it saves the PNG.

Needs Selenium (pinned in requirements_test.txt), Chromium and its
driver (Debian: ``apt-get install chromium chromium-driver``); nothing is downloaded at run time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Final

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait

CHROMIUM_FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=en-US",
)
POLL: Final = 0.5
STABLE_POLLS: Final = 4  # the page must look the same this many polls in a row

# Everything below walks open shadow roots too: the frontend is web components all the way down.
_JS_DEEP: Final = """
const deepAll = (root, test, found = []) => {
  for (const el of root.querySelectorAll("*")) {
    if (test(el)) found.push(el);
    if (el.shadowRoot) deepAll(el.shadowRoot, test, found);
  }
  return found;
};
const deepText = (root) => {
  let text = "";
  for (const node of root.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    else if (node.nodeType === Node.ELEMENT_NODE) {
      if (node.shadowRoot) text += deepText(node.shadowRoot);
      text += deepText(node);
    }
  }
  return text;
};
"""
# A card counts once it has rendered something; the signature changes while anything still loads.
_JS_DASHBOARD: Final = (
    _JS_DEEP
    + """
const cards = deepAll(document, (el) => /^hui-.*-card$/.test(el.localName)
  && el.localName !== "hui-card" && el.shadowRoot && el.shadowRoot.childElementCount > 0);
const spinners = deepAll(document, (el) => el.localName === "ha-spinner"
  || el.localName === "ha-circular-progress").length;
const text = deepText(document.body).replace(/\\s+/g, " ");
return {cards: cards.length, spinners, signature: cards.length + ":" + text.length + ":" + text};
"""
)
_JS_MORE_INFO: Final = (
    _JS_DEEP
    + """
const dialog = deepAll(document, (el) => el.localName === "ha-more-info-dialog")[0];
if (!dialog || !dialog.shadowRoot) return {open: false, signature: ""};
const text = deepText(dialog.shadowRoot).replace(/\\s+/g, " ");
const controls = deepAll(dialog.shadowRoot, (el) => el.localName.startsWith("ha-more-info-")
  || el.localName.startsWith("more-info-")).length;
return {open: controls > 0 && text.length > 0, signature: controls + ":" + text};
"""
)
_JS_OPEN_MORE_INFO: Final = """
document.querySelector("home-assistant").dispatchEvent(new CustomEvent("hass-more-info", {
  detail: {entityId: arguments[0]}, bubbles: true, composed: true}));
"""


class ScreenshotError(Exception):
    """The screenshot could not be taken; the message says why."""


def _post(url: str, data: dict[str, Any] | None = None, form: dict[str, str] | None = None) -> Any:
    if form is not None:
        body, kind = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    else:
        body, kind = json.dumps(data).encode(), "application/json"
    request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the given URL
        return json.loads(response.read())


def login(base: str, username: str, password: str) -> dict[str, Any]:
    """Log in through the login flow and return tokens as the frontend stores them."""
    client_id = f"{base}/"
    flow = _post(
        f"{base}/auth/login_flow",
        {"client_id": client_id, "handler": ["homeassistant", None], "redirect_uri": client_id},
    )
    result = _post(
        f"{base}/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": username, "password": password},
    )
    if result.get("type") != "create_entry":
        raise ScreenshotError(f"login as {username!r} failed: {result.get('errors') or result}")
    tokens = _post(
        f"{base}/auth/token",
        form={"grant_type": "authorization_code", "code": result["result"], "client_id": client_id},
    )
    return {
        "access_token": tokens["access_token"],
        "token_type": tokens["token_type"],
        "expires_in": tokens["expires_in"],
        "refresh_token": tokens["refresh_token"],
        "expires": int(time.time() * 1000) + tokens["expires_in"] * 1000,
        "hassUrl": base,
        "clientId": client_id,
    }


def _driver(profile: str, width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        raise ScreenshotError("needs chromium and chromedriver on PATH (apt-get install chromium)")
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


def _wait_stable(
    browser: webdriver.Chrome, script: str, ready_key: str, minimum: int, timeout: float
) -> dict[str, Any]:
    """Poll ``script`` until ``ready_key`` reaches ``minimum`` and the signature stops changing."""
    history: list[str] = []

    def settled(driver: webdriver.Chrome) -> dict[str, Any] | None:
        state: dict[str, Any] = driver.execute_script(script)
        ready = int(state[ready_key]) >= minimum and not state.get("spinners")
        history.append(state["signature"] if ready else "")
        recent = history[-STABLE_POLLS:]
        return (
            state if len(recent) == STABLE_POLLS and recent[0] and len(set(recent)) == 1 else None
        )

    result: dict[str, Any] = WebDriverWait(browser, timeout, poll_frequency=POLL).until(settled)
    return result


def screenshot(args: argparse.Namespace) -> str:
    """Take the screenshot; return what was waited for, for the log line."""
    parts = urllib.parse.urlsplit(args.url)
    base = f"{parts.scheme}://{parts.netloc}"
    page = f"{base}{parts.path or '/'}"
    tokens = login(base, args.user, args.password)
    with tempfile.TemporaryDirectory(prefix="dashboard-screenshot-") as profile:
        browser = _driver(profile, args.width, args.height)
        try:
            # Any page of the origin will do to hand over the tokens before the app starts.
            browser.get(f"{base}/manifest.json")
            browser.execute_script(
                "localStorage.setItem('hassTokens', arguments[0]);", json.dumps(tokens)
            )
            browser.get(page)
            state = _wait_stable(browser, _JS_DASHBOARD, "cards", args.min_cards, args.timeout)
            done = f"{state['cards']} cards"
            if args.more_info:
                browser.execute_script(_JS_OPEN_MORE_INFO, args.more_info)
                _wait_stable(browser, _JS_MORE_INFO, "open", 1, args.timeout)
                done += f", more-info of {args.more_info}"
            Path(args.out).parent.mkdir(parents=True, exist_ok=True)
            if not browser.save_screenshot(args.out):
                raise ScreenshotError(f"could not write {args.out}")
        except TimeoutException as err:
            browser.save_screenshot(args.out)  # what it got stuck on, to see why
            raise ScreenshotError(
                f"{page} did not settle in {args.timeout:.0f} s; {args.out} shows how far it got"
            ) from err
        finally:
            browser.quit()
    return done


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and take the screenshot."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url", help="Home Assistant URL; its path picks the dashboard")
    parser.add_argument("out", help="PNG file to write")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--more-info", metavar="ENTITY_ID", help="open this entity's dialog too")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument(
        "--min-cards", type=int, default=1, help="cards to wait for (0 for pages without cards)"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for it")
    args = parser.parse_args(argv)
    try:
        done = screenshot(args)
    except (ScreenshotError, WebDriverException, OSError) as err:
        print(f"dashboard_screenshot: {err}", file=sys.stderr)
        return 1
    print(f"dashboard_screenshot: {args.out} ({done})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
