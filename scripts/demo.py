"""Run the Xiaomi Living demo: simulated devices and a real Home Assistant that controls them.

``scripts/demo`` runs ``scripts/setup`` and then this file, which

1. starts the simulator CLI (``python -m tests.simulator``) with one device per row of ``DEVICES``
   on 127.0.0.2, 127.0.0.3, ... and a fixed token, and reads its READY lines;
2. asks every device who it is (``miIO.info``), as the config flow does;
3. refreshes the configuration directory (``config-demo/<release>/``, git-ignored; with
   ``--language zh-Hans`` ``config-demo/<release>-zh-Hans/``): configuration.yaml, which is Home
   Assistant's own default configuration (``default_config:`` and the automations, scripts and
   scenes files the UI saves to) after the demo's settings, the integration linked into
   custom_components, and, written by Home Assistant's own stores and registries, a config entry,
   a device and an area for every simulated device, a finished onboarding, the owner login
   demo / demo and (2026.11+) the http settings;
4. runs Home Assistant through scripts/run_hass.py (again when it asks for a restart) until Ctrl-C,
   SIGTERM or SIGHUP. Once the entities exist it finishes the home over the websocket API, as a
   user does in the UI: the devices go into their areas, every entity of a demo device gets an
   alias in the other language, an English and a 简体中文 Assist pipeline (Home Assistant's own
   conversation agent) are there, the energy dashboard counts the air conditioners, and the
   "Xiaomi Living" dashboard (``/xiaomi-living``, the default one) shows them; then it prints the
   URL, the login and the devices' token. On the way out it stops Home Assistant and, last, the
   simulator.

``--language`` picks the server language, and with it the names the demo gives: ``en`` (the
default) names devices and areas in English with Chinese aliases ("Living room AC", alias
"客厅空调"); ``zh-Hans`` names them in Chinese with English aliases and sets the demo user's profile
to 简体中文. Home Assistant names entities in the server language, so a user who only switches their
profile to 简体中文 sees Chinese menus around English entity names.

The simulator gives its devices new ids on every start, so the config entries, devices and entities
of this integration are replaced on every run, and the Xiaomi Living dashboard is written anew;
everything else in the directory (automations, other dashboards, history) is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ipaddress
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final, Self

import aiohttp
from homeassistant import config_entries as ce
from homeassistant.auth import auth_manager_from_config
from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.auth.providers.homeassistant import HassAuthProvider, InvalidUser
from homeassistant.components import onboarding
from homeassistant.config import DEFAULT_CONFIG
from homeassistant.const import MAJOR_VERSION, MINOR_VERSION, RESTART_EXIT_CODE
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util import ulid

ROOT: Final = Path(__file__).resolve().parent.parent
DOMAIN: Final = "xiaomi_living"
RELEASE: Final = f"{MAJOR_VERSION}.{MINOR_VERSION}"


ENGLISH: Final = "en"
CHINESE: Final = "zh-Hans"
LANGUAGES: Final = (ENGLISH, CHINESE)


@dataclass(frozen=True)
class DemoDevice:
    """A simulated device, and the name and the area the demo gives it, in both languages.

    The name in the server language is the config entry's title (and so the device's name); the
    other language's is an alias of its entities, as the area's is of the area, so that
    "客厅空调" and "switch the living room TV to HDMI 2" find them whichever language the demo runs.
    """

    model: str
    title: str
    title_zh: str
    area: str
    area_zh: str
    area_icon: str

    def name(self, language: str) -> str:
        """Return the device's name in ``language``."""
        return self.title_zh if language == CHINESE else self.title

    def area_name(self, language: str) -> str:
        """Return the name of the device's area in ``language``."""
        return self.area_zh if language == CHINESE else self.area

    @property
    def is_tv(self) -> bool:
        """Whether it is a TV (else an air conditioner)."""
        return ".tv." in self.model


# One row per simulated device; each gets the next loopback address from FIRST_HOST.
DEVICES: Final = (
    DemoDevice(
        "xiaomi.aircondition.mc4", "Living room AC", "客厅空调", "Living room", "客厅", "mdi:sofa"
    ),
    DemoDevice("xiaomi.aircondition.ma4", "Bedroom AC", "卧室空调", "Bedroom", "卧室", "mdi:bed"),
    DemoDevice("zhimi.aircondition.v1", "Study AC", "书房空调", "Study", "书房", "mdi:desk"),
    DemoDevice(
        "lumi.acpartner.mcn02",
        "Kids room AC",
        "儿童房空调",
        "Kids room",
        "儿童房",
        "mdi:teddy-bear",
    ),
    DemoDevice(
        "xiaomi.tv.mitv5proh1", "Living room TV", "客厅电视", "Living room", "客厅", "mdi:sofa"
    ),
)
FIRST_HOST: Final = ipaddress.IPv4Address("127.0.0.2")
DEMO_TOKEN: Final = b"demodemodemodemo".hex()  # every simulated device answers to this token
DEMO_USER: Final = "demo"
DEMO_PASSWORD: Final = "demo"  # noqa: S105 - the demo's published login
DEMO_NAME: Final = "Demo"
HOME_NAME: Final = {ENGLISH: "Xiaomi Living demo", CHINESE: "Xiaomi Living 演示"}


@dataclass(frozen=True)
class DemoPipeline:
    """An Assist pipeline (an "assistant" in the UI) the demo keeps: text in, text out."""

    name: str
    language: str  # the pipeline's and its conversation's language, as the agent lists it


# Home Assistant's own conversation agent, in each language the integration's sentences cover.
CONVERSATION_AGENT: Final = "conversation.home_assistant"
PIPELINES: Final = {
    ENGLISH: DemoPipeline("English", "en"),
    CHINESE: DemoPipeline("简体中文", "zh-CN"),
}
# The pipeline Home Assistant creates on its first start when it finds none; the demo has its own.
HA_FIRST_PIPELINE: Final = "Home Assistant"

DASHBOARD_PATH: Final = "xiaomi-living"
DASHBOARD_ICON: Final = "mdi:air-conditioner"
# The dashboard's words, by server language (area and device names come from DEVICES).
DASHBOARD_TEXT: Final = {
    ENGLISH: {
        "title": "Xiaomi Living",
        "view": "Home",
        "energy": "Energy",
        "assist": "Assist",
        "assist_hint": "Type or speak a command, in English or in Chinese.",
    },
    CHINESE: {
        "title": "Xiaomi Living",
        "view": "首页",
        "energy": "能耗",
        "assist": "语音助手",
        "assist_hint": "用中文或英文输入或说出指令。",
    },
}
# Names of the entities the integration names by their device class (no translation key), for the
# aliases; the rest come from the integration's translations.
DEVICE_CLASS_NAMES: Final = {
    "power": {ENGLISH: "Power", CHINESE: "功率"},
    "energy": {ENGLISH: "Energy", CHINESE: "用电量"},
    "signal_strength": {ENGLISH: "Wi-Fi signal", CHINESE: "Wi-Fi信号"},
}
REMOTE_NAMES: Final = {ENGLISH: "remote", CHINESE: "遥控器"}
POWER_GAUGE_MAX: Final = 3000  # W: a room air conditioner's gauge ends here
# Simulated seconds per real second: a room reacts to its AC within a minute or two.
PHYSICS_SPEED: Final = 10

SIMULATOR_TIMEOUT: Final = 30.0
HASS_START_TIMEOUT: Final = 300.0
ENTRIES_TIMEOUT: Final = 60.0
STOP_TIMEOUT: Final = 60.0
POLL_INTERVAL: Final = 0.5

CONFIGURATION_YAML: Final = """\
# Written by scripts/demo on every run: edits here are lost. The rest of this directory is kept.
homeassistant:
  name: {name}
  language: {language}
  unit_system: metric
  currency: CNY
  country: CN
  time_zone: Asia/Shanghai

# Home Assistant's default configuration, as a new installation writes it, follows.
{default_config}
{http}
logger:
  default: warning
  logs:
    custom_components.xiaomi_living: info
    # Assist's audio side looks for an ffmpeg binary; text Assist does not need it
    haffmpeg: critical
    # Loaded for the frontend's service list only; there is no camera to need libturbojpeg
    homeassistant.components.camera.img_util: critical
    # default_config's dhcp watches the network for devices; the demo's devices are on loopback,
    # and without libpcap (a chroot, a slim container) it says so at every start
    aiodhcpwatcher: critical
"""
# What a new installation writes next to configuration.yaml when they are missing, as
# homeassistant.config does: the UI saves automations, scripts and scenes there.
INCLUDED_FILES: Final = {"automations.yaml": "[]", "scripts.yaml": "", "scenes.yaml": ""}


@dataclass(frozen=True, kw_only=True)
class SimulatedDevice:
    """A running simulated device and what it says about itself."""

    demo: DemoDevice
    host: str
    token: str
    device_id: int
    mac: str | None = None


class DemoError(Exception):
    """The demo cannot go on; the message says why."""


_PRCTL: Final = ctypes.CDLL(None).prctl if sys.platform == "linux" else None
_PR_SET_PDEATHSIG: Final = 1


def _die_with_parent() -> None:
    """Let the kernel stop a child when this process dies without cleaning up (kill -9)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Owns the child processes and turns the first Ctrl-C/SIGTERM/SIGHUP into a clean stop."""

    def __init__(self) -> None:
        """Start with no children."""
        self.simulator: subprocess.Popen[bytes] | None = None
        self.hass: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def install(self) -> None:
        """Handle the signals that end the demo."""
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def start(self, command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        """Start a child in its own process group, so that only this process sees Ctrl-C."""
        return subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            process_group=0,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads run at this point
            **options,
        )

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.stopping:
            print(f"\ndemo: {signal.Signals(signum).name} again, killing", flush=True)
            for child in (self.hass, self.simulator):
                if child is not None and child.poll() is None:
                    child.kill()
            return
        self.stopping = True
        if self.hass is not None and self.hass.poll() is None:
            print("\ndemo: stopping Home Assistant, then the simulator", flush=True)
            self.hass.terminate()
        else:
            raise KeyboardInterrupt

    def stop_simulator(self) -> None:
        """Stop the simulator and wait for it."""
        if self.simulator is None or self.simulator.poll() is not None:
            return
        self.simulator.terminate()
        try:
            self.simulator.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.simulator.kill()
            self.simulator.wait()


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As Home Assistant binds: a port still in TIME_WAIT from the last run is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as err:
            raise DemoError(
                f"127.0.0.1:{port} is taken ({err.strerror}); pick another port with "
                "--port or XIAOMI_LIVING_DEMO_PORT"
            ) from err


def start_simulator(supervisor: Supervisor) -> list[SimulatedDevice]:
    """Start the simulator CLI and return its devices once every one of them serves."""
    command = [sys.executable, "-m", "tests.simulator", "--token", DEMO_TOKEN]
    command += ["--physics-speed", str(PHYSICS_SPEED)]
    for index, device in enumerate(DEVICES):
        command += ["--device", f"{device.model}@{FIRST_HOST + index}"]
    process = supervisor.simulator = supervisor.start(command, stdout=subprocess.PIPE, bufsize=0)
    if process.stdout is None:  # stdout=PIPE always gives one; this keeps type checkers calm
        raise DemoError("no pipe to the simulator")

    ready: list[SimulatedDevice] = []
    buffer = b""
    deadline = time.monotonic() + SIMULATOR_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while len(ready) < len(DEVICES):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DemoError(f"the simulator did not report READY in {SIMULATOR_TIMEOUT:.0f} s")
            if not selector.select(remaining):
                continue
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise DemoError(
                    f"the simulator exited (status {process.wait()}); is something else (another "
                    f"demo, a test run) using {FIRST_HOST}-{FIRST_HOST + len(DEVICES) - 1}?"
                )
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                match line.decode().split():
                    case ["READY", model, host, token, device_id]:
                        demo = DEVICES[int(ipaddress.IPv4Address(host)) - int(FIRST_HOST)]
                        if demo.model != model:
                            raise DemoError(f"{host} runs {model}, expected {demo.model}")
                        ready.append(
                            SimulatedDevice(
                                demo=demo, host=host, token=token, device_id=int(device_id)
                            )
                        )
                    case _:
                        print(f"simulator: {line.decode()}", flush=True)
    # The simulator prints nothing else on stdout; the pipe stays open so that it never has to.
    return sorted(ready, key=lambda device: ipaddress.IPv4Address(device.host))


async def identify(devices: list[SimulatedDevice]) -> list[SimulatedDevice]:
    """Ask every device for its model and MAC over miIO, as the config flow does."""
    # Importable once main() has put the checkout on sys.path.
    from custom_components.xiaomi_living import create_client  # noqa: PLC0415
    from custom_components.xiaomi_living.client import MiioError  # noqa: PLC0415

    async def ask(device: SimulatedDevice) -> SimulatedDevice:
        try:
            async with create_client(device.host, device.token) as client:
                info = await client.info()
        except MiioError as err:
            raise DemoError(f"{device.host} ({device.demo.model}) did not answer: {err}") from err
        if info.model != device.demo.model or info.device_id != device.device_id:
            raise DemoError(f"{device.host} answered as {info.model} id {info.device_id}")
        return SimulatedDevice(
            demo=device.demo,
            host=device.host,
            token=device.token,
            device_id=device.device_id,
            mac=info.mac,
        )

    return list(await asyncio.gather(*(ask(device) for device in devices)))


HTTP_YAML: Final = """\
http:
  server_host: 127.0.0.1
  server_port: {port}
"""
HTTP_IN_STORAGE: Final = """\
# http: lives in .storage/http from Home Assistant 2026.11 on (scripts/demo writes it there)
"""


def http_settings_in_storage() -> bool:
    """Whether this Home Assistant keeps its http settings in storage (2026.11 and later).

    It migrates ``http:`` from YAML once, as a *pending* config that it reverts five minutes later
    (restarting itself) unless the user confirms it; YAML is ignored after that.
    """
    try:
        from homeassistant.components.http import config as http_config  # noqa: PLC0415
    except ImportError:
        return False
    return hasattr(http_config, "HTTPConfigStore")


def write_configuration(config: Path, port: int, language: str = ENGLISH) -> None:
    """Write configuration.yaml and the files it includes; link the integration into place.

    configuration.yaml is the demo's settings and then Home Assistant's own default configuration
    (``homeassistant.config.DEFAULT_CONFIG``: ``default_config:``, themes, and automations,
    scripts and scenes from the files the UI saves them to).
    """
    config.mkdir(parents=True, exist_ok=True)
    http = HTTP_IN_STORAGE if http_settings_in_storage() else HTTP_YAML.format(port=port)
    (config / "configuration.yaml").write_text(
        CONFIGURATION_YAML.format(
            name=HOME_NAME[language],
            language=language,
            default_config=DEFAULT_CONFIG.strip("\n"),
            http=http,
        )
    )
    for name, content in INCLUDED_FILES.items():
        if not (config / name).exists():  # what the UI saved there stays
            (config / name).write_text(content)
    custom_components = config / "custom_components"
    custom_components.mkdir(exist_ok=True)
    link = custom_components / DOMAIN
    target = ROOT / "custom_components" / DOMAIN
    if link.is_symlink() or link.exists():
        if link.resolve() == target:
            return
        link.unlink()
    link.symlink_to(target, target_is_directory=True)


@dataclass(frozen=True)
class SeededDevice:
    """A device as seeded in the device registry, and the area it goes into once it has entities."""

    device: SimulatedDevice
    area_id: str


async def seed_storage(
    config: Path, devices: list[SimulatedDevice], port: int, language: str = ENGLISH
) -> dict[str, SeededDevice]:
    """Write .storage through Home Assistant's own stores and registries, then flush them.

    Home Assistant is not started: its stores and registries are loaded, changed and saved, so
    every file is in exactly the format the installed version reads. Returns the seeded devices by
    device registry id.
    """
    hass = HomeAssistant(str(config))
    await _seed_http(hass, port)
    entry_ids = await _seed_config_entries(hass, devices, language)
    seeded = await _seed_devices(hass, devices, entry_ids, language)
    await _seed_login(hass)
    await onboarding.OnboardingStorage(
        hass, onboarding.STORAGE_VERSION, onboarding.STORAGE_KEY, private=True
    ).async_save({"done": list(onboarding.STEPS)})
    # Stopping runs Home Assistant's final write, which flushes the registries' delayed saves.
    hass.set_state(CoreState.running)
    await hass.async_stop()
    return seeded


class HomeSocket:
    """Home Assistant's websocket API, logged in, one command at a time."""

    def __init__(self, base: str, token: str) -> None:
        """Talk to ``base`` as the user whose access token is ``token``."""
        self._base = base
        self._token = token
        self._session: aiohttp.ClientSession | None = None
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        self._id = 0

    async def __aenter__(self) -> Self:
        """Connect and log in."""
        self._session = aiohttp.ClientSession()
        self._socket = await self._session.ws_connect(
            f"{self._base}/api/websocket", timeout=aiohttp.ClientWSTimeout(ws_close=10)
        )
        await self._socket.receive_json()  # auth_required
        await self._socket.send_json({"type": "auth", "access_token": self._token})
        if (answer := await self._socket.receive_json())["type"] != "auth_ok":
            raise DemoError(f"the websocket API refused the login: {answer}")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Close the socket and the session."""
        if self._socket is not None:
            await self._socket.close()
        if self._session is not None:
            await self._session.close()

    async def ask(self, command: str, **fields: Any) -> dict[str, Any]:
        """Send a command; return its result message, successful or not."""
        assert self._socket is not None  # noqa: S101 - only used inside ``async with``
        self._id += 1
        await self._socket.send_json({"id": self._id, "type": command, **fields})
        while True:
            answer: dict[str, Any] = await self._socket.receive_json()
            if answer.get("id") == self._id and answer.get("type") == "result":
                return answer

    async def call(self, command: str, **fields: Any) -> Any:
        """Send a command and return its result; raise DemoError when it fails."""
        answer = await self.ask(command, **fields)
        if not answer.get("success"):
            raise DemoError(f"{command} failed: {answer.get('error')}")
        return answer.get("result")


@dataclass
class DeviceEntities:
    """A demo device in the running Home Assistant: its entities by role.

    The role is the domain for the device's main entities (climate, media_player, remote) and the
    integration's key for the others (room_temperature, power_consumption, energy, screen ...).
    """

    demo: DemoDevice
    entities: dict[str, str]


def entity_role(entry: Mapping[str, Any]) -> str:
    """Return the role of one of our entities (see DeviceEntities) from its registry entry."""
    domain = str(entry["entity_id"]).split(".", 1)[0]
    if domain in ("climate", "media_player", "remote"):
        return domain
    # Our unique ids are "<device id>-<key>" (entity.py)
    return str(entry["unique_id"]).split("-", 1)[-1]


def _translated_names(language: str) -> dict[str, dict[str, str]]:
    """Return the integration's entity names in ``language`` by platform and translation key."""
    translation = "zh-Hans" if language == CHINESE else "en"
    path = ROOT / "custom_components" / DOMAIN / "translations" / f"{translation}.json"
    entity = json.loads(path.read_text(encoding="utf-8")).get("entity", {})
    return {
        platform: {key: item["name"] for key, item in keys.items() if "name" in item}
        for platform, keys in entity.items()
    }


def entity_alias(entry: Mapping[str, Any], device_name: str, language: str) -> str:
    """Return what the entity is called in ``language``, its device being ``device_name`` there.

    As Home Assistant composes a name: the device's name, then the entity's own name (from the
    integration's translations, else its device class); entities without a name of their own
    (climate, media player) are the device. Chinese writes the two without a space.
    """
    domain = str(entry["entity_id"]).split(".", 1)[0]
    own: str | None
    if domain == "remote":
        own = REMOTE_NAMES[language]
    else:
        own = _translated_names(language).get(domain, {}).get(entry.get("translation_key") or "")
        if own is None and (device_class := entry.get("original_device_class")):
            own = DEVICE_CLASS_NAMES.get(device_class, {}).get(language)
    if own is None:
        return device_name
    return f"{device_name}{own}" if language == CHINESE else f"{device_name} {own}"


def _with_alias(aliases: list[str | None], alias: str) -> list[str | None] | None:
    """Return the aliases with ``alias`` added, or None when it is there already.

    From 2026.10 the list is ordered and ``None`` stands for the entity's own name (the UI lists
    it first); 2026.2 keeps a set of strings, so there only text goes in.
    """
    if alias in aliases:
        return None
    if hasattr(er, "COMPUTED_NAME"):
        return [*(aliases or [None]), alias]
    return [*(a for a in aliases if a is not None), alias]


def _other(language: str) -> str:
    return ENGLISH if language == CHINESE else CHINESE


async def configure_home(
    base: str, token: str, seeded: dict[str, SeededDevice], language: str
) -> list[str]:
    """Finish the demo home over the websocket API, as a user does in the UI; return problems.

    Puts the devices into their areas, gives every entity of theirs an alias in the other
    language, keeps an English and a 简体中文 Assist pipeline (the server language's preferred),
    counts the air conditioners in the energy dashboard and writes the Xiaomi Living dashboard.
    Everything is looked up first, so that a second run changes nothing it already did. A step
    that fails (an integration Home Assistant could not set up) is a problem; the others go on.
    """
    problems: list[str] = []
    async with HomeSocket(base, token) as socket_:
        for device_id, device in seeded.items():
            await socket_.call(
                "config/device_registry/update", device_id=device_id, area_id=device.area_id
            )
        homes = await _alias_entities(socket_, seeded, language)
        pipelines: dict[str, str] = {}
        try:
            pipelines = await _ensure_pipelines(socket_, language)
        except DemoError as err:
            problems.append(f"no Assist pipelines ({err}); see home-assistant.log")
        steps: list[Callable[[], Awaitable[None]]] = [
            lambda: _ensure_energy(socket_, homes),
            lambda: _ensure_dashboard(socket_, dashboard_config(homes, pipelines, language)),
        ]
        if language == CHINESE:
            steps.append(lambda: _ensure_user_language(socket_, CHINESE))
        for step in steps:
            try:
                await step()
            except DemoError as err:
                problems.append(str(err))
    return problems


async def _alias_entities(
    socket_: HomeSocket, seeded: dict[str, SeededDevice], language: str
) -> list[DeviceEntities]:
    listed = await socket_.call("config/entity_registry/list")
    ours = [entry["entity_id"] for entry in listed if entry.get("platform") == DOMAIN]
    entries: dict[str, dict[str, Any] | None] = await socket_.call(
        "config/entity_registry/get_entries", entity_ids=ours
    )
    homes = {
        device_id: DeviceEntities(device.device.demo, {}) for device_id, device in seeded.items()
    }
    other = _other(language)
    for entity_id, entry in entries.items():
        if entry is None or entry.get("device_id") not in homes:
            continue
        home = homes[entry["device_id"]]
        home.entities[entity_role(entry)] = entity_id
        alias = entity_alias(entry, home.demo.name(other), other)
        aliases = _with_alias(list(entry.get("aliases") or []), alias)
        if aliases is not None:
            await socket_.call(
                "config/entity_registry/update", entity_id=entity_id, aliases=aliases
            )
    return [homes[device_id] for device_id in seeded]


async def _ensure_pipelines(socket_: HomeSocket, language: str) -> dict[str, str]:
    """Keep the demo's Assist pipelines; return their ids by language."""
    listed = await socket_.call("assist_pipeline/pipeline/list")
    by_name = {pipeline["name"]: pipeline for pipeline in listed["pipelines"]}
    ids: dict[str, str] = {}
    for pipeline_language, wanted in PIPELINES.items():
        settings = {
            "name": wanted.name,
            "language": wanted.language,
            "conversation_engine": CONVERSATION_AGENT,
            "conversation_language": wanted.language,
            "stt_engine": None,
            "stt_language": None,
            "tts_engine": None,
            "tts_language": None,
            "tts_voice": None,
            "wake_word_entity": None,
            "wake_word_id": None,
        }
        found = by_name.get(wanted.name)
        if found is None:
            found = await socket_.call("assist_pipeline/pipeline/create", **settings)
        elif any(found.get(key) != value for key, value in settings.items()):
            found = await socket_.call(
                "assist_pipeline/pipeline/update", pipeline_id=found["id"], **settings
            )
        ids[pipeline_language] = found["id"]
    if listed.get("preferred_pipeline") != ids[language]:
        await socket_.call("assist_pipeline/pipeline/set_preferred", pipeline_id=ids[language])
    first = by_name.get(HA_FIRST_PIPELINE)
    if first is not None and first["id"] not in ids.values():
        # The one Home Assistant made on its first start; the demo's two replace it.
        await socket_.call("assist_pipeline/pipeline/delete", pipeline_id=first["id"])
    return ids


async def _ensure_energy(socket_: HomeSocket, homes: list[DeviceEntities]) -> None:
    """Count every air conditioner's energy (and show its power) in the energy dashboard."""
    answer = await socket_.ask("energy/get_prefs")
    prefs = answer.get("result") or {} if answer.get("success") else {}
    consumption = list(prefs.get("device_consumption") or [])
    counted = {item.get("stat_consumption") for item in consumption}
    added = False
    for home in homes:
        if (energy := home.entities.get("energy")) is None or energy in counted:
            continue
        item = {"stat_consumption": energy}
        if (power := home.entities.get("power_consumption")) is not None:
            item["stat_rate"] = power
        consumption.append(item)
        added = True
    if added:
        await socket_.call("energy/save_prefs", device_consumption=consumption)


def dashboard_config(
    homes: list[DeviceEntities], pipelines: dict[str, str], language: str
) -> dict[str, Any]:
    """Return the Xiaomi Living dashboard: a section per area, then energy and Assist.

    A thermostat card per air conditioner, a media control card for the TV, the air
    conditioners' power and energy, and a button per Assist pipeline that opens the conversation.
    """
    text = DASHBOARD_TEXT[language]
    sections: list[dict[str, Any]] = []
    areas: dict[str, list[dict[str, Any]]] = {}
    for home in homes:
        area = home.demo.area_name(language)
        if area not in areas:
            areas[area] = [{"type": "heading", "heading": area, "icon": home.demo.area_icon}]
            sections.append({"type": "grid", "cards": areas[area]})
        if (climate := home.entities.get("climate")) is not None:
            areas[area].append({"type": "thermostat", "entity": climate})
        if (player := home.entities.get("media_player")) is not None:
            areas[area].append({"type": "media-control", "entity": player})
    energy_cards: list[dict[str, Any]] = [
        {"type": "heading", "heading": text["energy"], "icon": "mdi:lightning-bolt"}
    ]
    # Half a section each: a gauge of what an air conditioner draws now, a tile of its total.
    for home in homes:
        if (power := home.entities.get("power_consumption")) is not None:
            energy_cards.append(
                {
                    "type": "gauge",
                    "entity": power,
                    "min": 0,
                    "max": POWER_GAUGE_MAX,
                    "grid_options": {"columns": 6},
                }
            )
        if (energy := home.entities.get("energy")) is not None:
            energy_cards.append({"type": "tile", "entity": energy, "grid_options": {"columns": 6}})
    sections.append({"type": "grid", "cards": energy_cards})
    assist_cards: list[dict[str, Any]] = [
        {"type": "heading", "heading": text["assist"], "icon": "mdi:account-voice"},
        {"type": "markdown", "content": text["assist_hint"], "text_only": True},
    ]
    for pipeline_language, pipeline_id in pipelines.items():
        assist_cards.append(
            {
                "type": "button",
                "name": PIPELINES[pipeline_language].name,
                "icon": "mdi:comment-processing-outline",
                "show_state": False,
                # Typing, not listening: a browser without a microphone would show an error
                "tap_action": {
                    "action": "assist",
                    "pipeline_id": pipeline_id,
                    "start_listening": False,
                },
                "grid_options": {"columns": 6, "rows": 2},
            }
        )
    sections.append({"type": "grid", "cards": assist_cards})
    return {
        "title": text["title"],
        "views": [
            {
                "title": text["view"],
                "path": "home",
                "icon": "mdi:home",
                "type": "sections",
                "max_columns": 3,
                "sections": sections,
            }
        ],
    }


async def _ensure_dashboard(socket_: HomeSocket, config: dict[str, Any]) -> None:
    """Store the dashboard (made once, rewritten on every run) and make it the default one."""
    listed = await socket_.call("lovelace/dashboards/list")
    if not any(item.get("url_path") == DASHBOARD_PATH for item in listed):
        await socket_.call(
            "lovelace/dashboards/create",
            url_path=DASHBOARD_PATH,
            title=config["title"],
            icon=DASHBOARD_ICON,
            show_in_sidebar=True,
            require_admin=False,
            mode="storage",
        )
    await socket_.call("lovelace/config/save", url_path=DASHBOARD_PATH, config=config)
    core = (await socket_.call("frontend/get_system_data", key="core")).get("value") or {}
    if not core.get("default_panel"):
        await socket_.call(
            "frontend/set_system_data", key="core", value={**core, "default_panel": DASHBOARD_PATH}
        )


async def _ensure_user_language(socket_: HomeSocket, language: str) -> None:
    """Set the user's profile language, as the profile page does, unless they chose one."""
    current = (await socket_.call("frontend/get_user_data", key="language")).get("value")
    if current and current.get("language"):
        return
    await socket_.call(
        "frontend/set_user_data",
        key="language",
        value={
            "language": language,
            "number_format": "language",
            "time_format": "language",
            "date_format": "language",
            "first_weekday": "language",
        },
    )


async def _seed_http(hass: HomeAssistant, port: int) -> None:
    """On 2026.11+, store the http settings as confirmed, as the UI's confirmation would."""
    if not http_settings_in_storage():
        return
    from homeassistant.components.http.config import HTTPConfigStore  # noqa: PLC0415

    store = HTTPConfigStore(hass)
    await store.async_migrate_yaml({"server_host": ["127.0.0.1"], "server_port": port})
    if store.pending is not None:
        await store.async_promote_pending()


async def _seed_config_entries(
    hass: HomeAssistant, devices: list[SimulatedDevice], language: str
) -> dict[str, str]:
    """Replace this integration's config entries, keep any others; return entry ids by host."""
    store = ce.ConfigEntryStore(hass)
    stored = await store.async_load() or {"entries": []}
    now = dt_util.utcnow().isoformat()
    entries = [entry for entry in stored["entries"] if entry["domain"] != DOMAIN]
    entry_ids: dict[str, str] = {}
    for device in devices:
        entry_ids[device.host] = ulid.ulid_now()
        entries.append(
            {
                "created_at": now,
                "data": {
                    "host": device.host,
                    "token": device.token,
                    "model": device.demo.model,
                    "mac": device.mac,
                },
                "discovery_keys": {},
                "disabled_by": None,
                "domain": DOMAIN,
                "entry_id": entry_ids[device.host],
                "minor_version": 1,
                "modified_at": now,
                "options": {},
                "pref_disable_new_entities": False,
                "pref_disable_polling": False,
                "source": ce.SOURCE_USER,
                "subentries": [],
                "title": device.demo.name(language),
                "unique_id": str(device.device_id),
                "version": 1,
            }
        )
    await store.async_save({"entries": entries})
    # Read them back the way Home Assistant does at startup: a field it misses fails here.
    hass.config_entries = ce.ConfigEntries(hass, {})
    await hass.config_entries.async_initialize()
    return entry_ids


def _all_devices(registry: dr.DeviceRegistry) -> list[dr.DeviceEntry]:
    """Every device entry: 2026.2 keeps a mapping by id, 2026.11 a collection of entries."""
    devices: Any = registry.devices
    return list(devices.values()) if isinstance(devices, Mapping) else list(devices)


async def _seed_devices(
    hass: HomeAssistant,
    devices: list[SimulatedDevice],
    entry_ids: dict[str, str],
    language: str,
) -> dict[str, SeededDevice]:
    """Replace this integration's devices and entities; return them by device registry id.

    The devices go into their areas only once Home Assistant has made their entities (see
    ``configure_home``): from 2026.11 a new entity's id starts with its device's area, which would
    make ``climate.living_room_living_room_ac`` of "Living room AC".
    """
    seeded: dict[str, SeededDevice] = {}
    # From 2026.11 the device registry is created by an async_setup step before it loads.
    if hasattr(dr, "async_setup"):
        dr.async_setup(hass)
    await ar.async_load(hass)
    await dr.async_load(hass)
    await er.async_load(hass)
    areas, devices_reg, entities = ar.async_get(hass), dr.async_get(hass), er.async_get(hass)

    # The previous run's devices and entities belong to devices that no longer exist. Removed
    # ones are also forgotten, so that the new entities get the plain entity ids again.
    for entity in list(entities.entities.values()):
        if entity.platform == DOMAIN:
            entities.async_remove(entity.entity_id)
    for key in [key for key in entities.deleted_entities if key[1] == DOMAIN]:
        del entities.deleted_entities[key]
    for device_entry in _all_devices(devices_reg):
        if any(domain == DOMAIN for domain, _ in device_entry.identifiers):
            devices_reg.async_remove_device(device_entry.id)
    # Up to 2026.10 the removed devices are forgotten too. From 2026.11 that list is internal (its
    # use is deprecated); the simulator's new device ids never match a removed device, so the
    # entries only wait there for Home Assistant's own purge.
    if isinstance(devices_reg.devices, Mapping):
        for device_id, deleted in list(devices_reg.deleted_devices.items()):
            if any(domain == DOMAIN for domain, _ in deleted.identifiers):
                del devices_reg.deleted_devices[device_id]
    entities.async_schedule_save()
    devices_reg.async_schedule_save()

    # Identified as the integration identifies them, so that it finds these when it loads.
    for device in devices:
        device_entry = devices_reg.async_get_or_create(
            config_entry_id=entry_ids[device.host],
            identifiers={(DOMAIN, str(device.device_id))},
            connections={(dr.CONNECTION_NETWORK_MAC, device.mac.lower())} if device.mac else set(),
            manufacturer="Xiaomi",
            model_id=device.demo.model,
            name=device.demo.name(language),
        )
        area = areas.async_get_or_create(device.demo.area_name(language))
        if area.icon is None:  # an icon chosen in the UI stays
            area = areas.async_update(area.id, icon=device.demo.area_icon)
        alias = device.demo.area_name(_other(language))
        if alias not in area.aliases:
            area = areas.async_update(area.id, aliases={*area.aliases, alias})
        seeded[device_entry.id] = SeededDevice(device, area.id)
    return seeded


async def _seed_login(hass: HomeAssistant) -> None:
    """Create the demo login, an administrator (and the owner unless someone else already is)."""
    hass.auth = await auth_manager_from_config(hass, [{"type": "homeassistant"}], [])
    provider = hass.auth.auth_providers[0]
    if not isinstance(provider, HassAuthProvider):
        raise DemoError(f"unexpected auth provider {provider.type}")
    await provider.async_initialize()
    try:
        await provider.async_add_auth(DEMO_USER, DEMO_PASSWORD)
    except InvalidUser:
        await provider.async_change_password(DEMO_USER, DEMO_PASSWORD)
    credentials = await provider.async_get_or_create_credentials({"username": DEMO_USER})
    if credentials.is_new or await hass.auth.async_get_user_by_credentials(credentials) is None:
        user = await hass.auth.async_create_user(DEMO_NAME, group_ids=[GROUP_ID_ADMIN])
        await hass.auth.async_link_user(user, credentials)


def _request(url: str, data: dict[str, Any] | None = None, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - our own URL
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def _access_token(base: str) -> str:
    """Log in as the demo user through Home Assistant's login flow."""
    client_id = f"{base}/"
    flow = _request(
        f"{base}/auth/login_flow",
        {"client_id": client_id, "handler": ["homeassistant", None], "redirect_uri": client_id},
    )
    result = _request(
        f"{base}/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": DEMO_USER, "password": DEMO_PASSWORD},
    )
    form = urllib.parse.urlencode(
        {"grant_type": "authorization_code", "code": result["result"], "client_id": client_id}
    ).encode()
    token_request = urllib.request.Request(f"{base}/auth/token", data=form)  # noqa: S310
    with urllib.request.urlopen(token_request, timeout=10) as response:  # noqa: S310
        return str(json.loads(response.read())["access_token"])


def _http_up(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/manifest.json", timeout=2):  # noqa: S310
            return True
    except (urllib.error.URLError, OSError):
        return False


def _wait(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Wait up to ``seconds`` for the process to end; True when it did."""
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


@dataclass
class DemoRun:
    """What one run of the demo set up, and what is left to do once Home Assistant is up."""

    language: str
    seeded: dict[str, SeededDevice]
    configured: bool = False  # the home is finished once; a restart keeps it


def report_when_ready(
    hass: subprocess.Popen[bytes], base: str, started: float, run: DemoRun
) -> None:
    """Wait for the config entries, finish the home, then print the URL, login, token and devices.

    Returns early, saying nothing more, when Home Assistant exits first.
    """
    deadline = started + HASS_START_TIMEOUT
    while not _http_up(base):
        if _wait(hass, POLL_INTERVAL):
            return
        if time.monotonic() > deadline:
            print(f"demo: no answer from {base} after {HASS_START_TIMEOUT:.0f} s", flush=True)
            return
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        token = _access_token(base)
        deadline = time.monotonic() + ENTRIES_TIMEOUT
        while True:
            entries = _request(
                f"{base}/api/config/config_entries/entry?domain={DOMAIN}", None, token
            )
            pending = [e for e in entries if e["state"] in ("not_loaded", "setup_in_progress")]
            if not pending or time.monotonic() > deadline or _wait(hass, POLL_INTERVAL):
                break
        if not run.configured:
            problems += asyncio.run(configure_home(base, token, run.seeded, run.language))
            run.configured = True
        # The frontend needs the service list before it shows anything but "Loading data".
        _request(f"{base}/api/services", None, token)
    except urllib.error.HTTPError as err:
        problems.append(
            f"{err.url} answered {err.code}: the frontend will not load; see the traceback in "
            "home-assistant.log (a missing module, such as turbojpeg, is the usual cause)"
        )
    except (urllib.error.URLError, OSError, KeyError, ValueError, aiohttp.ClientError) as err:
        problems.append(f"could not ask Home Assistant about the config entries: {err}")
    except DemoError as err:
        problems.append(str(err))
    hosts = {
        seeded.device.demo.name(run.language): seeded.device.host for seeded in run.seeded.values()
    }
    lines = [
        "",
        f"Xiaomi Living demo (Home Assistant up in {time.monotonic() - started:.0f} s):",
        f"  {base}   login: {DEMO_USER} / {DEMO_PASSWORD}",
        f"  dashboard: {base}/{DASHBOARD_PATH}",
        f"  device token: {DEMO_TOKEN} (every simulated device)",
    ]
    lines += [
        f"  {entry['title']:<16} {hosts.get(entry['title'], ''):<11} {entry['state']}"
        for entry in entries
    ]
    lines += [f"  PROBLEM: {problem}" for problem in problems]
    lines += ["Ctrl-C stops Home Assistant and the simulated devices.", ""]
    print("\n".join(lines), flush=True)


def run_hass(
    supervisor: Supervisor, config: Path, port: int, extra: list[str], run: DemoRun
) -> int:
    """Run Home Assistant until it stops, starting it again when the UI asks for a restart."""
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "scripts" / "run_hass.py"), "--config", str(config)]
    while True:
        started = time.monotonic()
        hass = supervisor.hass = supervisor.start([*command, *extra])
        report_when_ready(hass, base, started, run)
        status = hass.wait()
        if status != RESTART_EXIT_CODE or supervisor.stopping:
            return status
        print("demo: Home Assistant asked for a restart", flush=True)


def default_config_dir(language: str) -> Path:
    """Where a language's demo keeps its configuration: one per release and language."""
    if value := os.environ.get("XIAOMI_LIVING_DEMO_CONFIG"):
        return Path(value)
    suffix = "" if language == ENGLISH else f"-{language}"
    return ROOT / "config-demo" / f"{RELEASE}{suffix}"


def main(argv: list[str] | None = None) -> int:
    """Run the demo; arguments after the known ones go to Home Assistant."""
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("XIAOMI_LIVING_DEMO_PORT", "8123")),
        help="HTTP port on 127.0.0.1 (default: $XIAOMI_LIVING_DEMO_PORT or 8123)",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=os.environ.get("XIAOMI_LIVING_DEMO_LANGUAGE", ENGLISH),
        help=(
            "server language, and the language the demo names devices and areas in (default: "
            "$XIAOMI_LIVING_DEMO_LANGUAGE or en)"
        ),
    )
    parser.add_argument(
        "--config",
        type=Path,
        help=(
            "configuration directory (default: $XIAOMI_LIVING_DEMO_CONFIG or "
            f"./config-demo/{RELEASE}, ./config-demo/{RELEASE}-zh-Hans for zh-Hans: one per "
            "release, as an older one cannot read a newer's)"
        ),
    )
    args, extra = parser.parse_known_args(argv)
    language: str = args.language
    if language not in LANGUAGES:  # from the environment, which argparse does not check
        parser.error(f"--language takes {' or '.join(LANGUAGES)}, not {language}")
    config: Path = (args.config or default_config_dir(language)).resolve()

    supervisor = Supervisor()
    supervisor.install()
    try:
        _check_port_free(args.port)
        started = time.monotonic()
        devices = start_simulator(supervisor)
        hosts = f"{devices[0].host}-{devices[-1].host}"
        print(f"demo: {len(devices)} simulated devices ready on {hosts}", flush=True)
        write_configuration(config, args.port, language)
        sys.path.insert(0, str(ROOT))
        devices = asyncio.run(identify(devices))
        seeded = asyncio.run(seed_storage(config, devices, args.port, language))
        print(f"demo: {config} ready in {time.monotonic() - started:.1f} s", flush=True)
        return run_hass(supervisor, config, args.port, extra, DemoRun(language, seeded))
    except DemoError as err:
        print(f"demo: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        supervisor.stop_simulator()


if __name__ == "__main__":
    sys.exit(main())
