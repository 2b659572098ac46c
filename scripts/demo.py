"""Run the Xiaomi Living demo: simulated devices and a real Home Assistant that controls them.

``scripts/demo`` runs ``scripts/setup`` and then this file, which

1. starts the simulator CLI (``python -m tests.simulator``) with one device per row of ``DEVICES``
   on 127.0.0.2, 127.0.0.3, ... and a fixed token, and reads its READY lines;
2. asks every device who it is (``miIO.info``), as the config flow does;
3. refreshes the configuration directory (``config-demo/<release>/``, git-ignored):
   configuration.yaml, the integration linked into custom_components, and, written by Home
   Assistant's own stores and registries, a config entry, a device and an area for every simulated
   device, a finished onboarding, the owner login demo / demo and (2026.11+) the http settings;
4. runs Home Assistant through scripts/run_hass.py (again when it asks for a restart) until Ctrl-C,
   SIGTERM or SIGHUP, puts the devices in their areas once their entities exist (over the
   websocket API, as the dialog after adding a device does), then stops Home Assistant and, last,
   the simulator.

The simulator gives its devices new ids on every start, so the config entries, devices and entities
of this integration are replaced on every run; everything else in the directory is kept.
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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final

import aiohttp
from homeassistant import config_entries as ce
from homeassistant.auth import auth_manager_from_config
from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.auth.providers.homeassistant import HassAuthProvider, InvalidUser
from homeassistant.components import onboarding
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


@dataclass(frozen=True)
class DemoDevice:
    """A simulated device, and the config entry title and the area the demo gives it.

    The area's Chinese name is an alias, so that "客厅空调" and "把客厅电视切到HDMI 2" find it.
    """

    model: str
    title: str
    area: str
    area_icon: str
    area_alias: str


# One row per simulated device; each gets the next loopback address from FIRST_HOST.
DEVICES: Final = (
    DemoDevice("xiaomi.aircondition.mc4", "Living room AC", "Living room", "mdi:sofa", "客厅"),
    DemoDevice("xiaomi.aircondition.ma4", "Bedroom AC", "Bedroom", "mdi:bed", "卧室"),
    DemoDevice("zhimi.aircondition.v1", "Study AC", "Study", "mdi:desk", "书房"),
    DemoDevice("lumi.acpartner.mcn02", "Kids room AC", "Kids room", "mdi:teddy-bear", "儿童房"),
    DemoDevice("xiaomi.tv.mitv5proh1", "Living room TV", "Living room", "mdi:sofa", "客厅"),
)
FIRST_HOST: Final = ipaddress.IPv4Address("127.0.0.2")
DEMO_TOKEN: Final = b"demodemodemodemo".hex()  # every simulated device answers to this token
DEMO_USER: Final = "demo"
DEMO_PASSWORD: Final = "demo"  # noqa: S105 - the demo's published login
DEMO_NAME: Final = "Demo"
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
  name: Xiaomi Living demo
  unit_system: metric
  currency: CNY
  country: CN
  time_zone: Asia/Shanghai

{http}
frontend:
config:
api:
conversation:
assist_pipeline:
history:
logbook:
energy:
system_health:
# No zeroconf (scripts/develop has it): the demo stays on loopback.

logger:
  default: warning
  logs:
    custom_components.xiaomi_living: info
    # Assist's audio side looks for an ffmpeg binary; text Assist does not need it
    haffmpeg: critical
    # Loaded for the frontend's service list only; there is no camera to need libturbojpeg
    homeassistant.components.camera.img_util: critical
"""


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


def write_configuration(config: Path, port: int) -> None:
    """Write configuration.yaml and link this checkout's integration into custom_components."""
    config.mkdir(parents=True, exist_ok=True)
    http = HTTP_IN_STORAGE if http_settings_in_storage() else HTTP_YAML.format(port=port)
    (config / "configuration.yaml").write_text(CONFIGURATION_YAML.format(http=http))
    custom_components = config / "custom_components"
    custom_components.mkdir(exist_ok=True)
    link = custom_components / DOMAIN
    target = ROOT / "custom_components" / DOMAIN
    if link.is_symlink() or link.exists():
        if link.resolve() == target:
            return
        link.unlink()
    link.symlink_to(target, target_is_directory=True)


async def seed_storage(config: Path, devices: list[SimulatedDevice], port: int) -> dict[str, str]:
    """Write .storage through Home Assistant's own stores and registries, then flush them.

    Home Assistant is not started: its stores and registries are loaded, changed and saved, so
    every file is in exactly the format the installed version reads.
    """
    hass = HomeAssistant(str(config))
    await _seed_http(hass, port)
    entry_ids = await _seed_config_entries(hass, devices)
    placements = await _seed_devices(hass, devices, entry_ids)
    await _seed_login(hass)
    await onboarding.OnboardingStorage(
        hass, onboarding.STORAGE_VERSION, onboarding.STORAGE_KEY, private=True
    ).async_save({"done": list(onboarding.STEPS)})
    # Stopping runs Home Assistant's final write, which flushes the registries' delayed saves.
    hass.set_state(CoreState.running)
    await hass.async_stop()
    return placements


async def place_devices(base: str, token: str, placements: dict[str, str]) -> None:
    """Put every device in its area, as a user does in the dialog after adding it."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"{base}/api/websocket", timeout=aiohttp.ClientWSTimeout(ws_close=10)
        ) as socket_,
    ):
        await socket_.receive_json()  # auth_required
        await socket_.send_json({"type": "auth", "access_token": token})
        if (answer := await socket_.receive_json())["type"] != "auth_ok":
            raise DemoError(f"the websocket API refused the login: {answer}")
        for message_id, (device_id, area_id) in enumerate(placements.items(), start=1):
            await socket_.send_json(
                {
                    "id": message_id,
                    "type": "config/device_registry/update",
                    "device_id": device_id,
                    "area_id": area_id,
                }
            )
            if not (answer := await socket_.receive_json()).get("success"):
                raise DemoError(f"could not put device {device_id} in its area: {answer}")


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
    hass: HomeAssistant, devices: list[SimulatedDevice]
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
                "title": device.demo.title,
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
    hass: HomeAssistant, devices: list[SimulatedDevice], entry_ids: dict[str, str]
) -> dict[str, str]:
    """Replace this integration's devices and entities; return the area id for each device id.

    The devices go into their areas only once Home Assistant has made their entities (see
    ``place_devices``): from 2026.11 a new entity's id starts with its device's area, which would
    make ``climate.living_room_living_room_ac`` of "Living room AC".
    """
    placements: dict[str, str] = {}
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
            name=device.demo.title,
        )
        area = areas.async_get_or_create(device.demo.area)
        if area.icon is None:  # an icon chosen in the UI stays
            area = areas.async_update(area.id, icon=device.demo.area_icon)
        if device.demo.area_alias not in area.aliases:
            area = areas.async_update(area.id, aliases={*area.aliases, device.demo.area_alias})
        placements[device_entry.id] = area.id
    return placements


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


def report_when_ready(
    hass: subprocess.Popen[bytes], base: str, started: float, placements: dict[str, str]
) -> None:
    """Wait for the config entries, place the devices, then print the URL, login and devices.

    Returns early, saying nothing more, when Home Assistant exits first. ``placements`` is
    emptied once the devices are in their areas (a restart keeps them there).
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
        if placements:
            asyncio.run(place_devices(base, token, placements))
            placements.clear()
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
    lines = [
        "",
        f"Xiaomi Living demo (Home Assistant up in {time.monotonic() - started:.0f} s):",
        f"  {base}   login: {DEMO_USER} / {DEMO_PASSWORD}",
    ]
    lines += [f"  {entry['title']:<16} {entry['state']}" for entry in entries]
    lines += [f"  PROBLEM: {problem}" for problem in problems]
    lines += ["Ctrl-C stops Home Assistant and the simulated devices.", ""]
    print("\n".join(lines), flush=True)


def run_hass(
    supervisor: Supervisor,
    config: Path,
    port: int,
    extra: list[str],
    placements: dict[str, str],
) -> int:
    """Run Home Assistant until it stops, starting it again when the UI asks for a restart."""
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "scripts" / "run_hass.py"), "--config", str(config)]
    while True:
        started = time.monotonic()
        hass = supervisor.hass = supervisor.start([*command, *extra])
        report_when_ready(hass, base, started, placements)
        status = hass.wait()
        if status != RESTART_EXIT_CODE or supervisor.stopping:
            return status
        print("demo: Home Assistant asked for a restart", flush=True)


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
        "--config",
        type=Path,
        default=Path(os.environ.get("XIAOMI_LIVING_DEMO_CONFIG", ROOT / "config-demo" / RELEASE)),
        help=(
            "configuration directory (default: $XIAOMI_LIVING_DEMO_CONFIG or "
            f"./config-demo/{RELEASE}: one per release, as an older one cannot read a newer's)"
        ),
    )
    args, extra = parser.parse_known_args(argv)
    config: Path = args.config.resolve()

    supervisor = Supervisor()
    supervisor.install()
    try:
        _check_port_free(args.port)
        started = time.monotonic()
        devices = start_simulator(supervisor)
        hosts = f"{devices[0].host}-{devices[-1].host}"
        print(f"demo: {len(devices)} simulated devices ready on {hosts}", flush=True)
        write_configuration(config, args.port)
        sys.path.insert(0, str(ROOT))
        devices = asyncio.run(identify(devices))
        placements = asyncio.run(seed_storage(config, devices, args.port))
        print(f"demo: {config} ready in {time.monotonic() - started:.1f} s", flush=True)
        return run_hass(supervisor, config, args.port, extra, placements)
    except DemoError as err:
        print(f"demo: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        supervisor.stop_simulator()


if __name__ == "__main__":
    sys.exit(main())
