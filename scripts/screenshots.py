"""The README's pictures of the demo, taken in headless Chromium, in English and in 简体中文.

    scripts/screenshots                       start the demo in each language in turn, shoot both
    scripts/screenshots --url http://127.0.0.1:8130   shoot a running demo, in its server language

For each language it saves, in docs/images/ (``--out``):

- ``dashboard-<lang>.png``  the demo's Xiaomi Living dashboard;
- ``climate-<lang>.png``    the living room air conditioner's dialog (thermostat);
- ``tv-<lang>.png``         the living room TV's dialog (media player);
- ``assist-<lang>.png``     an Assist conversation with the pipeline of that language.

The Chinese pictures come from the demo run in Chinese (``scripts/demo --language zh-Hans``): Home
Assistant names entities in the server language, and a Chinese user names their devices in
Chinese, so that is what such a user sees. A profile switched to 简体中文 on the English demo would
show Chinese menus around English names.

How it waits: it logs in through Home Assistant's login flow and hands the tokens to the frontend as
it stores them itself (``hassTokens`` in localStorage), sets the user's profile language to the
server's (``frontend/set_user_data``, as the profile page does), sets the scene over the REST
API (air conditioners on, the TV on), and saves each PNG only once what it shows has rendered and
stopped changing (cards, dialog, the conversation's answers; no spinner left). Nothing is
downloaded.

Needs Selenium (requirements/floor.txt), Debian's ``chromium`` and ``chromium-driver``
(``apt-get install chromium chromium-driver``) and Pillow (Home Assistant's) to shrink the PNGs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import aiohttp
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

ROOT: Final = Path(__file__).resolve().parent.parent
DASHBOARD_PATH: Final = "xiaomi-living"  # scripts/demo.py's
DEFAULT_PORT: Final = 8130
LANGUAGES: Final = ("en", "zh-Hans")
BROWSER_LANGUAGE: Final = {"en": "en-US", "zh-Hans": "zh-CN"}
# What each picture's conversation says, by server language; sentences the demo's devices act on.
CONVERSATION: Final = {
    "en": ("set the living room AC to 23 degrees", "switch the living room TV to HDMI 1"),
    "zh-Hans": ("把客厅空调调到23度", "把客厅电视切到HDMI 1"),
}
PIPELINE_NAMES: Final = {"en": "English", "zh-Hans": "简体中文"}

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
)
WIDTH: Final = 1280
HEIGHT: Final = 800
MAX_HEIGHT: Final = 1800  # a picture grows to show all of the dashboard or a dialog, up to this
POLL: Final = 0.5
STABLE_POLLS: Final = 4  # the page must look the same this many polls in a row
DEMO_TIMEOUT: Final = 600.0  # a first run of scripts/demo sets up its environment

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
const spinning = (root) => deepAll(root, (el) => (el.localName === "ha-spinner"
  || el.localName === "ha-circular-progress") && el.getClientRects().length > 0).length;
"""
# A card counts once it has rendered something; the signature changes while anything still loads.
_JS_DASHBOARD: Final = (
    _JS_DEEP
    + """
const cards = deepAll(document, (el) => /^hui-.*-card$/.test(el.localName)
  && el.localName !== "hui-card" && el.shadowRoot && el.shadowRoot.childElementCount > 0);
const text = deepText(document.body).replace(/\\s+/g, " ");
return {ready: cards.length, spinners: spinning(document),
        signature: cards.length + ":" + text.length + ":" + text};
"""
)
_JS_MORE_INFO: Final = (
    _JS_DEEP
    + """
const dialog = deepAll(document, (el) => el.localName === "ha-more-info-dialog")[0];
if (!dialog || !dialog.shadowRoot) return {ready: 0, signature: ""};
const text = deepText(dialog.shadowRoot).replace(/\\s+/g, " ");
const controls = deepAll(dialog.shadowRoot, (el) => el.localName.startsWith("ha-more-info-")
  || el.localName.startsWith("more-info-")).length;
return {ready: controls > 0 && text.length > 0 ? 1 : 0, spinners: spinning(dialog.shadowRoot),
        signature: controls + ":" + text};
"""
)
# How much taller the window must be for the scrollers in the page (or in the open dialog,
# arguments[0] naming it) to show everything they hold.
_JS_OVERFLOW: Final = (
    _JS_DEEP
    + """
let root = document;
if (arguments[0]) {
  const dialog = deepAll(document, (el) => el.localName === arguments[0])[0];
  if (!dialog) return 0;
  root = dialog.shadowRoot || dialog;
}
const scrollers = deepAll(root, (el) => el.scrollHeight > el.clientHeight + 2
  && ["auto", "scroll"].includes(getComputedStyle(el).overflowY));
const page = document.scrollingElement;
const extra = scrollers.map((el) => el.scrollHeight - el.clientHeight);
if (!arguments[0] && page) extra.push(page.scrollHeight - page.clientHeight);
return Math.max(0, ...extra);
"""
)
# Scrolls everything back to the top (the dashboard behind a dialog, the dialog itself).
_JS_SCROLL_TOP: Final = (
    _JS_DEEP
    + """
for (const el of deepAll(document, (el) => el.scrollTop > 0)) el.scrollTop = 0;
window.scrollTo(0, 0);
"""
)
_JS_OPEN_MORE_INFO: Final = """
document.querySelector("home-assistant").dispatchEvent(new CustomEvent("hass-more-info", {
  detail: {entityId: arguments[0]}, bubbles: true, composed: true}));
"""
# The dashboard's button card that opens Assist with the pipeline called arguments[0].
_JS_ASSIST_BUTTON: Final = (
    _JS_DEEP
    + """
const buttons = deepAll(document, (el) => el.localName === "hui-button-card"
  && el.shadowRoot && deepText(el.shadowRoot).trim() === arguments[0]);
return buttons.length ? buttons[0].shadowRoot.querySelector("ha-card") : null;
"""
)
_JS_ASSIST_INPUT: Final = (
    _JS_DEEP
    + """
const dialog = deepAll(document, (el) => el.localName === "ha-voice-command-dialog")[0];
if (!dialog) return null;
const field = deepAll(dialog.shadowRoot, (el) => el.id === "message-input")[0];
if (!field) return null;
const inner = deepAll(field.shadowRoot || field, (el) => el.localName === "input"
  || el.localName === "textarea")[0];
return inner || null;
"""
)
# Ready once Home Assistant has answered every sentence ("…" is the answer still coming).
_JS_ASSIST_CHAT: Final = (
    _JS_DEEP
    + """
const dialog = deepAll(document, (el) => el.localName === "ha-voice-command-dialog")[0];
if (!dialog) return {ready: 0, signature: ""};
const messages = deepAll(dialog.shadowRoot, (el) => el.classList
  && el.classList.contains("message") && !el.classList.contains("message-container"));
const hass = messages.filter((el) => el.classList.contains("hass"));
const user = messages.filter((el) => el.classList.contains("user"));
const texts = messages.map((el) => deepText(el).trim());
const waiting = texts.some((text) => text === "" || text.endsWith("…"));
return {ready: waiting ? 0 : Math.min(user.length, hass.length - 1), spinners: 0,
        answers: hass.map((el) => deepText(el).trim()), signature: texts.join("|")};
"""
)


class ScreenshotError(Exception):
    """A picture could not be taken; the message says why."""


@dataclass(frozen=True)
class Demo:
    """A running demo: where it is, its server language, and the entities to show."""

    base: str
    language: str
    tokens: dict[str, Any]
    climate: str
    television: str


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


async def _websocket(base: str, token: str, *commands: dict[str, Any]) -> list[Any]:
    """Send websocket commands one after the other; return their results."""
    results = []
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base}/api/websocket") as socket_,
    ):
        await socket_.receive_json()
        await socket_.send_json({"type": "auth", "access_token": token})
        if (await socket_.receive_json()).get("type") != "auth_ok":
            raise ScreenshotError("the websocket API refused the login")
        for message_id, command in enumerate(commands, start=1):
            await socket_.send_json({"id": message_id, **command})
            while (answer := await socket_.receive_json()).get("id") != message_id:
                pass
            if not answer.get("success"):
                raise ScreenshotError(f"{command['type']}: {answer.get('error')}")
            results.append(answer.get("result"))
    return results


async def _rest(base: str, token: str, path: str, data: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        method = session.get if data is None else session.post
        async with method(f"{base}{path}", json=data) as response:
            if response.status != 200:
                raise ScreenshotError(f"{path} answered {response.status}: {await response.text()}")
            return await response.json()


async def prepare(base: str, user: str, password: str) -> Demo:
    """Log in, match the profile language to the server's, set the scene; describe the demo."""
    tokens = await asyncio.to_thread(login, base, user, password)
    token = tokens["access_token"]
    config = await _rest(base, token, "/api/config")
    language = str(config.get("language", "en"))
    if language not in LANGUAGES:
        raise ScreenshotError(f"{base} runs in {language!r}; the demo runs in en or zh-Hans")
    _, dashboard = await _websocket(
        base,
        token,
        {
            "type": "frontend/set_user_data",
            "key": "language",
            "value": {
                "language": language,
                "number_format": "language",
                "time_format": "language",
                "date_format": "language",
                "first_weekday": "language",
            },
        },
        {"type": "lovelace/config", "url_path": DASHBOARD_PATH},
    )
    cards = [
        card
        for view in dashboard["views"]
        for section in view.get("sections", [])
        for card in section.get("cards", [])
    ]
    climates = [card["entity"] for card in cards if card["type"] == "thermostat"]
    players = [card["entity"] for card in cards if card["type"] == "media-control"]
    if not climates or not players:
        raise ScreenshotError(f"/{DASHBOARD_PATH} has no thermostat or media control card")
    # The scene: every air conditioner doing something, the TV on.
    scene: tuple[tuple[str, str, dict[str, Any]], ...] = (
        ("climate", "set_hvac_mode", {"entity_id": climates[0], "hvac_mode": "cool"}),
        ("climate", "set_temperature", {"entity_id": climates[0], "temperature": 25}),
        ("media_player", "turn_on", {"entity_id": players[0]}),
        ("media_player", "select_source", {"entity_id": players[0], "source": "HDMI 2"}),
    )
    for index, climate in enumerate(climates[1:]):
        mode = ("heat", "cool", "dry")[index % 3]
        scene += (("climate", "set_hvac_mode", {"entity_id": climate, "hvac_mode": mode}),)
        if mode == "heat":  # above the room's temperature, so that it heats
            scene += (("climate", "set_temperature", {"entity_id": climate, "temperature": 30}),)
    for domain, service, data in scene:
        with contextlib.suppress(ScreenshotError):  # a model without that mode keeps its own
            await _rest(base, token, f"/api/services/{domain}/{service}", data)
    return Demo(base, language, tokens, climates[0], players[0])


def _driver(profile: str, language: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if binary is None or driver is None:
        raise ScreenshotError(
            "needs chromium and chromedriver on PATH (apt-get install chromium chromium-driver)"
        )
    if language != "en" and not _has_chinese_font():
        raise ScreenshotError(
            "no Chinese font: Chromium would draw boxes (apt-get install fonts-noto-cjk)"
        )
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--lang={BROWSER_LANGUAGE[language]}")
    options.add_experimental_option("prefs", {"intl.accept_languages": BROWSER_LANGUAGE[language]})
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={WIDTH},{MAX_HEIGHT}")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    _viewport(browser, HEIGHT)
    return browser


def _has_chinese_font() -> bool:
    """Whether fontconfig (Chromium's font source on Linux) knows a font that covers Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot tell; the picture will show
    listed = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return bool(listed.stdout.strip())


def _viewport(browser: webdriver.Chrome, height: int) -> None:
    """Make the page WIDTH x ``height`` CSS pixels, one device pixel each (the picture's size)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def _fit(browser: webdriver.Chrome, script: str, minimum: int, timeout: float, dialog: str) -> int:
    """Grow the viewport until nothing (in ``dialog``, or on the page) needs scrolling.

    Returns the height; every growth waits for ``script`` to settle again, as the layout follows.
    """
    height = HEIGHT
    for _ in range(4):
        extra = int(browser.execute_script(_JS_OVERFLOW, dialog))
        if extra <= 0 or height >= MAX_HEIGHT:
            break
        height = min(MAX_HEIGHT, height + extra)
        _viewport(browser, height)
        _wait_stable(browser, script, minimum, timeout)
    browser.execute_script(_JS_SCROLL_TOP)
    return height


def _wait_stable(
    browser: webdriver.Chrome, script: str, minimum: int, timeout: float, *args: Any
) -> dict[str, Any]:
    """Poll ``script`` until its ``ready`` reaches ``minimum`` and its signature stops changing."""
    history: list[str] = []

    def settled(driver: webdriver.Chrome) -> dict[str, Any] | Literal[False]:
        state: dict[str, Any] = driver.execute_script(script, *args)
        ready = int(state["ready"]) >= minimum and not state.get("spinners")
        history.append(state["signature"] if ready else "")
        recent = history[-STABLE_POLLS:]
        return (
            state if len(recent) == STABLE_POLLS and recent[0] and len(set(recent)) == 1 else False
        )

    result: dict[str, Any] = WebDriverWait(browser, timeout, poll_frequency=POLL).until(settled)
    return result


def _find(browser: webdriver.Chrome, script: str, timeout: float, *args: Any) -> WebElement:
    element: WebElement = WebDriverWait(browser, timeout, poll_frequency=POLL).until(
        lambda driver: driver.execute_script(script, *args)
    )
    return element


def save_png(browser: webdriver.Chrome, path: Path) -> int:
    """Save the window as a PNG of at most 256 colours (a screen of flat colours keeps its look)."""
    raw = path.with_suffix(".raw.png")
    if not browser.save_screenshot(str(raw)):
        raise ScreenshotError(f"could not write {raw}")
    with Image.open(raw) as image:
        image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True
        )
    raw.unlink()
    return path.stat().st_size


class Camera:
    """One browser on one demo, taking its pictures one after the other."""

    def __init__(self, browser: webdriver.Chrome, demo: Demo, timeout: float) -> None:
        """Use ``browser``, logged in to ``demo``; wait up to ``timeout`` for each thing."""
        self.browser = browser
        self.demo = demo
        self.timeout = timeout

    def dashboard(self, *, fit: bool = False) -> str:
        """Open the dashboard, fresh, and wait for its cards; grow to show all of it if asked."""
        _viewport(self.browser, HEIGHT)
        self.browser.get(f"{self.demo.base}/{DASHBOARD_PATH}/home")
        cards = _wait_stable(self.browser, _JS_DASHBOARD, 6, self.timeout)["ready"]
        height = _fit(self.browser, _JS_DASHBOARD, 6, self.timeout, "") if fit else HEIGHT
        return f"{cards} cards, {WIDTH}x{height}"

    def more_info(self, entity_id: str) -> str:
        """Open an entity's dialog over the dashboard, grown to show all of it."""
        self.dashboard()
        self.browser.execute_script(_JS_OPEN_MORE_INFO, entity_id)
        _wait_stable(self.browser, _JS_MORE_INFO, 1, self.timeout)
        height = _fit(self.browser, _JS_MORE_INFO, 1, self.timeout, "ha-more-info-dialog")
        return f"more-info of {entity_id}, {WIDTH}x{height}"

    def assist(self) -> str:
        """Open Assist with the demo language's pipeline from its button; have a conversation."""
        self.dashboard()
        name = PIPELINE_NAMES[self.demo.language]
        _find(self.browser, _JS_ASSIST_BUTTON, self.timeout, name).click()
        field = _find(self.browser, _JS_ASSIST_INPUT, self.timeout)
        self.browser.execute_script(_JS_SCROLL_TOP)  # the dashboard behind, scrolled to the button
        sentences = CONVERSATION[self.demo.language]
        for count, sentence in enumerate(sentences, start=1):
            field = _find(self.browser, _JS_ASSIST_INPUT, self.timeout)
            field.send_keys(sentence)
            field.send_keys(Keys.ENTER)
            state = _wait_stable(self.browser, _JS_ASSIST_CHAT, count, self.timeout)
        return "answers " + " / ".join(repr(answer) for answer in state["answers"][1:])


def shoot(demo: Demo, out: Path, timeout: float) -> list[str]:
    """Take the four pictures of one language; return a line per picture."""
    out.mkdir(parents=True, exist_ok=True)
    done: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xiaomi-living-screenshots-") as profile:
        browser = _driver(profile, demo.language)
        camera = Camera(browser, demo, timeout)
        pictures: tuple[tuple[str, str, Callable[[], str]], ...] = (
            ("dashboard", "the Xiaomi Living dashboard", lambda: camera.dashboard(fit=True)),
            ("climate", "the thermostat dialog", lambda: camera.more_info(demo.climate)),
            ("tv", "the TV's dialog", lambda: camera.more_info(demo.television)),
            ("assist", "an Assist conversation", camera.assist),
        )
        what = "the login"
        try:
            browser.get(f"{demo.base}/manifest.json")  # the origin, to hand over the tokens
            browser.execute_script(
                "localStorage.setItem('hassTokens', arguments[0]);", json.dumps(demo.tokens)
            )
            for name, what, take in pictures:
                path = out / f"{name}-{demo.language}.png"
                detail = take()
                size = save_png(browser, path)
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                done.append(f"{shown}: {what}, {detail} ({size // 1024} KiB)")
        except TimeoutException as err:
            stuck = out / f"stuck-{demo.language}.png"
            browser.save_screenshot(str(stuck))  # what it got stuck on, to see why
            raise ScreenshotError(
                f"{what} did not settle in {timeout:.0f} s; {stuck} shows how far it got"
            ) from err
        finally:
            browser.quit()
    return done


@contextlib.contextmanager
def running_demo(language: str, port: int) -> Iterator[str]:
    """Run ``scripts/demo`` in ``language`` until the block ends; yield its URL once it is ready."""
    command = [str(ROOT / "scripts" / "demo"), "--port", str(port), "--language", language]
    print(f"screenshots: starting scripts/demo {' '.join(command[1:])}", flush=True)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

        def said() -> list[str]:
            log.seek(0)
            return log.read().decode(errors="replace").splitlines()

        try:
            deadline = time.monotonic() + DEMO_TIMEOUT
            lines = said()
            while not any(line.startswith("Ctrl-C stops") for line in lines):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise ScreenshotError(
                        f"scripts/demo --language {language} was not ready: "
                        + " | ".join(lines[-15:])
                    )
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(POLL)  # a pause that ends early when the demo exits
                lines = said()
            if problems := [line.strip() for line in lines if "PROBLEM" in line]:
                raise ScreenshotError(f"the demo reports: {' | '.join(problems)}")
            yield f"http://127.0.0.1:{port}"
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # the demo's Ctrl-C: it stops what it ran
                try:
                    process.wait(120)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def main(argv: list[str] | None = None) -> int:
    """Take the pictures."""
    parser = argparse.ArgumentParser(
        prog="scripts/screenshots",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--url", help="a running demo (e.g. http://127.0.0.1:8130): its language only"
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        action="append",
        help="without --url: the languages to run the demo in (default: both)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"without --url (default {DEFAULT_PORT})"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--user", default="demo")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds per picture")
    args = parser.parse_args(argv)
    lines: list[str] = []
    try:
        if args.url:
            demo = asyncio.run(prepare(args.url.rstrip("/"), args.user, args.password))
            lines += shoot(demo, args.out, args.timeout)
        else:
            for language in args.language or LANGUAGES:
                with running_demo(language, args.port) as base:
                    demo = asyncio.run(prepare(base, args.user, args.password))
                    lines += shoot(demo, args.out, args.timeout)
    except (ScreenshotError, WebDriverException, OSError, aiohttp.ClientError) as err:
        print(f"screenshots: {err}", file=sys.stderr)
        return 1
    for line in lines:
        print(f"screenshots: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
