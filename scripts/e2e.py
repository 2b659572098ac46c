"""End-to-end check: simulated devices, a real Home Assistant, and this integration between them.

    <venv>/bin/python scripts/e2e.py [--keep] [--timeout SECONDS]

Run with the Python of a Home Assistant venv (scripts/test runs it with .venv-hass, Home Assistant
2026.11 on Python 3.14; .venv, the 2026.2 floor, works too). It

1. starts the simulator CLI (``python -m tests.simulator``) with one air conditioner and one TV on
   their own loopback addresses and a token made for this run;
2. writes a fresh configuration directory (configuration.yaml, a copy of the integration) and starts
   Home Assistant on it through scripts/run_hass.py on a free port, as a user's would run;
3. onboards through the REST API, as the frontend does, and confirms the HTTP settings that 2026.11
   migrates from YAML (otherwise it reverts them and restarts five minutes later);
4. adds both devices through the REST config flow (and checks that bad tokens are refused), and
   names them "Living Room AC" and "Living Room TV" as a user does in the dialog after the flow;
5. calls services over REST and speaks English and Chinese sentences to Assist, and reads every
   effect back from the simulated device over miIO with python-miio, independently of Home
   Assistant and of this integration's client;
6. checks Home Assistant's log: no errors, no tracebacks, no deprecation warnings, no warnings from
   this integration, and never the token (hex, upper-case hex, base64, bytes).

Each check prints one ``ok``/``FAIL`` line and the last line sums up; the exit status is 0 only when
every check passed. Everything started is stopped on success, failure, timeout, Ctrl-C or SIGTERM,
and the temporary directory is removed unless ``--keep`` is given.

The devices use 127.0.0.40-41 (UDP 54321, TV HTTP 6095), away from scripts/demo's addresses. Home
Assistant needs an interface that joins multicast (its HTTP client sessions open zeroconf): in a
private network namespace, ``unshare -n sh -c 'ip link set lo up multicast on; ip route add
224.0.0.0/4 dev lo; <venv>/bin/python scripts/e2e.py'``, which also keeps the run clear of anything
else on these addresses and ports. Home Assistant runs with --skip-pip: a requirement missing from
the venv shows as an error in its log instead of an install attempt.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import ctypes
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import aiohttp

ROOT: Final = Path(__file__).resolve().parent.parent
DOMAIN: Final = "xiaomi_living"

AC_MODEL: Final = "xiaomi.aircondition.mc4"
TV_MODEL: Final = "xiaomi.tv.mitv5proh1"
# Away from scripts/demo's 127.0.0.2-127.0.0.6, so both can run at once.
AC_HOST: Final = "127.0.0.40"
TV_HOST: Final = "127.0.0.41"
# The names a user gives the devices; onboarding also creates an area "Living Room", which is
# what made "set the living room AC to 24 degrees" fail on 2026.11.
AC_NAME: Final = "Living Room AC"
TV_NAME: Final = "Living Room TV"

# MIoT addresses (siid, piid) on the simulated devices, as their specs number them.
AC_POWER: Final = (2, 1)
AC_MODE: Final = (2, 2)  # mc numbering: 2 cool, 3 dry, 4 fan, 5 heat
AC_TARGET: Final = (2, 4)
AC_FAN_LEVEL: Final = (3, 2)  # 0 auto, 1-7
TV_INPUT: Final = (2, 1)  # index into the set's inputs
TV_VOLUME: Final = (4, 1)
TV_MUTE: Final = (4, 2)
MC4_MODES: Final = {2: "cool", 3: "dry", 4: "fan_only", 5: "heat"}
TV_INPUTS: Final = ("TV", "AV", "HDMI 1", "HDMI 2", "HDMI 3")

DEFAULT_TIMEOUT: Final = 600.0
SIMULATOR_TIMEOUT: Final = 30.0
HASS_START_TIMEOUT: Final = 240.0
SETUP_TIMEOUT: Final = 60.0
EFFECT_TIMEOUT: Final = 10.0
STOP_TIMEOUT: Final = 30.0
HTTP_TIMEOUT: Final = aiohttp.ClientTimeout(total=60)
LOG_TAIL_LINES: Final = 60

CONFIGURATION_YAML: Final = """\
# Written by scripts/e2e.py for one run.
homeassistant:
  name: Xiaomi Living e2e
  unit_system: metric
  currency: CNY
  country: CN
  language: en
  time_zone: Asia/Shanghai
  latitude: 31.23
  longitude: 121.47
  elevation: 4

http:
  server_host: 127.0.0.1
  server_port: {port}

onboarding:
config:
api:
websocket_api:
conversation:

logger:
  default: warning
  logs:
    # At debug, so that the token check below reads everything the integration says.
    custom_components.xiaomi_living: debug
"""


@dataclass(frozen=True)
class IgnoredRecord:
    """A log record that is provably not about this integration and that the run cannot avoid."""

    loggers: tuple[str, ...]
    message: re.Pattern[str]  # searched in the first line of the record's message
    reason: str


IGNORED_RECORDS: Final = (
    IgnoredRecord(
        ("haffmpeg.core",),
        re.compile(r"^FFmpeg fails \[Errno 2\] No such file or directory: 'ffmpeg'$"),
        reason="ffmpeg, which every 2026.11 start sets up for tts and assist_satellite, probes "
        "for the ffmpeg binary; text Assist does not use it and this machine has none",
    ),
    IgnoredRecord(
        ("homeassistant.components.camera.img_util",),
        re.compile(r"^Error loading libturbojpeg; "),
        reason="camera, a base platform every start loads, looks for the libturbojpeg system "
        "library; no camera is involved and this machine has none",
    ),
    IgnoredRecord(
        ("metno",),
        re.compile(r"^Access to https://[^ ]+\.met\.no/.* returned error 'ClientConnector"),
        reason="onboarding's core_config step adds met's weather for the home, as it does for "
        "every new user; this run has no network to fetch the weather from",
    ),
    IgnoredRecord(
        # Logged by either, depending on the moment the stop comes
        ("homeassistant.components.radio_browser", "homeassistant.config_entries"),
        re.compile(
            r"^Setup of config entry 'Radio Browser' for radio_browser integration cancelled$"
        ),
        reason="the same step adds Radio Browser; with no network its first setup is still "
        "retrying when the run stops Home Assistant",
    ),
)

DEPRECATION: Final = re.compile(
    r"deprecat|report_usage|detected that (custom )?integration|detected code that", re.IGNORECASE
)
RECORD_START: Final = re.compile(
    # 2026.11 adds the UTC offset to the time: "2026-12-02 14:06:19.953+00:00 WARNING (Main..."
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:[.,]\d+)?(?:[+-]\d\d:?\d\d|Z)? "
    r"(?P<level>[A-Z]+) \((?P<thread>[^)]*)\) "
    r"\[(?P<logger>[^\]]+)\] (?P<message>.*)$"
)
OUR_LOGGERS: Final = ("custom_components.xiaomi_living", "miio")
# Home Assistant logs this for every custom integration it loads.
CUSTOM_INTEGRATION_NOTICE: Final = re.compile(r"^We found a custom integration xiaomi_living ")

_PRCTL: Final = ctypes.CDLL(None).prctl if sys.platform == "linux" else None
_PR_SET_PDEATHSIG: Final = 1


class E2EError(Exception):
    """The run cannot go on; the message says why."""


class Report:
    """Prints one line per check and keeps the score."""

    def __init__(self) -> None:
        """Start with no checks."""
        self.passed = 0
        self.failed: list[str] = []
        self.version = "?"  # of Home Assistant, once it answers

    @property
    def total(self) -> int:
        """How many checks ran."""
        return self.passed + len(self.failed)

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """Record and print one check; return ``ok``."""
        line = f"{what}: {detail}" if detail else what
        if ok:
            self.passed += 1
            print(f"ok   {line}", flush=True)
        else:
            self.failed.append(what)
            print(f"FAIL {line}", flush=True)
        return ok

    def note(self, text: str) -> None:
        """Print a line that is not a check."""
        print(f"     {text}", flush=True)


def _die_with_parent() -> None:
    """Let the kernel stop a child when this process dies without cleaning up (kill -9)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Children:
    """The processes this run started, each in its own process group."""

    processes: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)

    async def start(
        self, name: str, command: list[str], **options: Any
    ) -> asyncio.subprocess.Process:
        """Start a child in a new process group, so that a Ctrl-C reaches only this script."""
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            process_group=0,
            preexec_fn=_die_with_parent,
            **options,
        )
        self.processes[name] = process
        return process

    async def stop(self, name: str) -> int | None:
        """SIGTERM the child's group, wait, then SIGKILL it; return the exit status."""
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                print(f"e2e: {name} did not stop in {STOP_TIMEOUT:.0f} s, killing it", flush=True)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
        # Anything the child left behind in its group goes too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        return process.returncode


@dataclass(frozen=True)
class SimulatedDevice:
    """A device the simulator serves."""

    model: str
    host: str
    token: str
    device_id: int


async def start_simulator(children: Children, token: str, log: Path) -> dict[str, SimulatedDevice]:
    """Start the simulator CLI with the AC and the TV; return them by host once both serve."""
    command = [sys.executable, "-m", "tests.simulator", "--token", token]
    command += ["--device", f"{AC_MODEL}@{AC_HOST}", "--device", f"{TV_MODEL}@{TV_HOST}"]
    with log.open("wb") as stderr:
        process = await children.start(
            "simulator", command, stdout=asyncio.subprocess.PIPE, stderr=stderr
        )
    assert process.stdout is not None  # noqa: S101 - stdout=PIPE gives one
    devices: dict[str, SimulatedDevice] = {}
    try:
        async with asyncio.timeout(SIMULATOR_TIMEOUT):
            while len(devices) < 2:
                line = (await process.stdout.readline()).decode()
                if not line:
                    said = (await asyncio.to_thread(log.read_text)).strip()[-500:]
                    raise E2EError(f"the simulator exited (status {await process.wait()}): {said}")
                match line.split():
                    case ["READY", model, host, device_token, device_id]:
                        devices[host] = SimulatedDevice(model, host, device_token, int(device_id))
                    case _:
                        print(f"simulator: {line.rstrip()}", flush=True)
    except TimeoutError:
        raise E2EError(f"the simulator did not report READY in {SIMULATOR_TIMEOUT:.0f} s") from None
    return devices


class DeviceReader:
    """Reads MIoT properties from the simulated devices with python-miio, not through HA."""

    def __init__(self, token: str) -> None:
        """Prepare one python-miio device per host (imported here: it is slow and noisy)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from miio.device import Device  # noqa: PLC0415

        self._devices = {host: Device(host, token, timeout=2) for host in (AC_HOST, TV_HOST)}

    async def read(self, host: str, *addresses: tuple[int, int]) -> list[Any]:
        """Return the values of the given (siid, piid) properties of the device at ``host``."""
        request = [{"did": "e2e", "siid": siid, "piid": piid} for siid, piid in addresses]
        device = self._devices[host]
        answer = await asyncio.to_thread(device.send, "get_properties", request)
        by_address = {(item["siid"], item["piid"]): item for item in answer}
        values = []
        for address in addresses:
            item = by_address.get(address, {})
            if item.get("code", -1) != 0:
                raise E2EError(f"{host} answered {item} for {address}")
            values.append(item["value"])
        return values


class HomeAssistantApi:
    """The REST and websocket API of the Home Assistant under test."""

    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        """Talk to ``base`` (http://127.0.0.1:PORT) over ``session``; log in later."""
        self.session = session
        self.base = base
        self.client_id = f"{base}/"
        self.token: str | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ws_id = 0

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(
        self, method: str, path: str, json: Any = None, *, expect: int | None = 200
    ) -> tuple[int, Any]:
        """Send a request; return status and body; raise when the status is not ``expect``."""
        async with self.session.request(
            method, f"{self.base}{path}", json=json, headers=self._headers()
        ) as response:
            text = await response.text()
            body: Any = text
            if response.content_type == "application/json":
                body = await response.json()
            if expect is not None and response.status != expect:
                raise E2EError(f"{method} {path} answered {response.status}: {text[:300]}")
            return response.status, body

    async def get(self, path: str) -> Any:
        """GET a JSON document."""
        return (await self.request("GET", path))[1]

    async def post(self, path: str, json: Any = None) -> Any:
        """POST JSON and return the JSON answer."""
        return (await self.request("POST", path, json))[1]

    async def wait_until_up(self, hass: asyncio.subprocess.Process) -> None:
        """Wait until the onboarding API answers; fail early when Home Assistant exits."""
        deadline = time.monotonic() + HASS_START_TIMEOUT
        while True:
            if hass.returncode is not None:
                raise E2EError(f"Home Assistant exited with status {hass.returncode}")
            with contextlib.suppress(aiohttp.ClientError, OSError, TimeoutError):
                async with self.session.get(
                    f"{self.base}/api/onboarding", timeout=aiohttp.ClientTimeout(total=5)
                ) as response:
                    if response.status == 200:
                        return
            if time.monotonic() > deadline:
                raise E2EError(
                    f"Home Assistant did not answer on {self.base} in {HASS_START_TIMEOUT:.0f} s"
                )
            await asyncio.sleep(0.5)

    async def create_owner(self, password: str) -> None:
        """Do onboarding's first step, the owner's account, and log in with the code it gives."""
        answer = await self.post(
            "/api/onboarding/users",
            {
                "name": "E2E Owner",
                "username": "e2e",
                "password": password,
                "client_id": self.client_id,
                "language": "en",
            },
        )
        await self._token_from_code(answer["auth_code"])

    async def wait_until_running(self, hass: asyncio.subprocess.Process) -> str:
        """Wait until Home Assistant has finished starting; return its version.

        Until then it has no SIGTERM handler (a stop would kill it), and integrations that the
        next onboarding step adds would hold up the start.
        """
        deadline = time.monotonic() + HASS_START_TIMEOUT
        while True:
            config = await self.get("/api/config")
            if config.get("state") == "RUNNING":
                return str(config["version"])
            if hass.returncode is not None:
                raise E2EError(f"Home Assistant exited with status {hass.returncode}")
            if time.monotonic() > deadline:
                raise E2EError(f"Home Assistant still {config.get('state')} after start timeout")
            await asyncio.sleep(0.5)

    async def finish_onboarding(self) -> list[str]:
        """Do the onboarding steps that are left, as the frontend does; return their names."""
        done = []
        for step in await self.get("/api/onboarding"):
            if step["done"]:
                continue
            payload: dict[str, str] = {}
            if step["step"] == "integration":
                payload = {
                    "client_id": self.client_id,
                    "redirect_uri": f"{self.client_id}?auth_callback=1",
                }
            await self.post(f"/api/onboarding/{step['step']}", payload)
            done.append(step["step"])
        return done

    async def _token_from_code(self, code: str) -> None:
        form = {"grant_type": "authorization_code", "code": code, "client_id": self.client_id}
        async with self.session.post(f"{self.base}/auth/token", data=form) as response:
            if response.status != 200:
                raise E2EError(f"/auth/token answered {response.status}: {await response.text()}")
            self.token = str((await response.json())["access_token"])

    async def ws(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send one websocket command and return its result message (success or not)."""
        if self._ws is None:
            self._ws = await self.session.ws_connect(f"{self.base}/api/websocket")
            hello = await self._ws.receive_json()
            if hello.get("type") != "auth_required":
                raise E2EError(f"websocket greeting: {hello}")
            await self._ws.send_json({"type": "auth", "access_token": self.token})
            auth = await self._ws.receive_json()
            if auth.get("type") != "auth_ok":
                raise E2EError(f"websocket login: {auth}")
        self._ws_id += 1
        await self._ws.send_json({"id": self._ws_id, **message})
        while True:
            answer = await self._ws.receive_json()
            if answer.get("id") == self._ws_id and answer.get("type") == "result":
                return dict(answer)

    async def ws_result(self, message: dict[str, Any]) -> Any:
        """Send a websocket command and return its result; raise when it failed."""
        answer = await self.ws(message)
        if not answer.get("success"):
            raise E2EError(f"websocket {message['type']}: {answer.get('error')}")
        return answer.get("result")

    async def close(self) -> None:
        """Close the websocket."""
        if self._ws is not None:
            await self._ws.close()

    async def service(self, domain: str, service: str, data: dict[str, Any]) -> tuple[int, Any]:
        """Call a service over REST; return the status and the body."""
        return await self.request("POST", f"/api/services/{domain}/{service}", data, expect=None)

    async def say(self, text: str, language: str) -> dict[str, Any]:
        """Speak a sentence to Assist; return its response."""
        answer = await self.post("/api/conversation/process", {"text": text, "language": language})
        return dict(answer["response"])


@dataclass(frozen=True)
class Effect:
    """What a service call or a sentence must do to a device, as read back over miIO."""

    host: str
    addresses: tuple[tuple[int, int], ...]
    wanted: Callable[[list[Any]], bool]
    describe: Callable[[list[Any]], str]


def _power(on: Any) -> str:
    return "on" if on else "off"


def ac_mode(power: bool, mode: str) -> Effect:
    """Expect the AC on or off, in ``mode`` (by its Home Assistant name)."""
    wire = {name: value for value, name in MC4_MODES.items()}[mode]
    return Effect(
        AC_HOST,
        (AC_POWER, AC_MODE),
        lambda v: v == [power, wire],
        lambda v: f"power {_power(v[0])}, mode {MC4_MODES.get(v[1], v[1])}",
    )


def ac_power(power: bool) -> Effect:
    """Expect the AC on or off."""
    return Effect(AC_HOST, (AC_POWER,), lambda v: v == [power], lambda v: f"power {_power(v[0])}")


def ac_target(celsius: float) -> Effect:
    """Expect this target temperature on the AC."""
    return Effect(AC_HOST, (AC_TARGET,), lambda v: v == [celsius], lambda v: f"target {v[0]} °C")


def ac_fan_level(level: int) -> Effect:
    """Expect this fan level on the AC (0 auto, 1-7)."""
    return Effect(AC_HOST, (AC_FAN_LEVEL,), lambda v: v == [level], lambda v: f"fan level {v[0]}")


def tv_input(name: str) -> Effect:
    """Expect this input on the TV."""
    return Effect(
        TV_HOST,
        (TV_INPUT,),
        lambda v: v == [TV_INPUTS.index(name)],
        lambda v: f"input {_input(v[0])}",
    )


def tv_volume(wanted: Callable[[int], bool], was: int | None = None) -> Effect:
    """Expect the TV's volume (0-100) to satisfy ``wanted``."""
    before = f" (was {was})" if was is not None else ""
    return Effect(TV_HOST, (TV_VOLUME,), lambda v: wanted(v[0]), lambda v: f"volume {v[0]}{before}")


def tv_muted(muted: bool) -> Effect:
    """Expect the TV muted or not."""
    return Effect(TV_HOST, (TV_MUTE,), lambda v: v == [muted], lambda v: f"muted {v[0]}")


def _input(index: Any) -> str:
    if isinstance(index, int) and 0 <= index < len(TV_INPUTS):
        return TV_INPUTS[index]
    return str(index)


@dataclass
class Run:
    """What one run has set up, for the checks to use."""

    report: Report
    api: HomeAssistantApi
    reader: DeviceReader
    devices: dict[str, SimulatedDevice]
    entry_ids: dict[str, str] = field(default_factory=dict)  # by host
    entities: dict[str, str] = field(default_factory=dict)  # "climate" / "media_player" / "remote"

    async def expect(self, what: str, effect: Effect, context: str = "") -> bool:
        """Poll the device until it shows the effect, or EFFECT_TIMEOUT; report one check."""
        deadline = time.monotonic() + EFFECT_TIMEOUT
        value: list[Any] | Exception = []
        while True:
            try:
                value = await self.reader.read(effect.host, *effect.addresses)
            except Exception as err:  # noqa: BLE001 - reported as the check's detail
                value = err
            else:
                if effect.wanted(value):
                    break
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.25)
        if isinstance(value, Exception):
            ok, shown = False, f"no answer ({value!r})"
        else:
            ok, shown = effect.wanted(value), effect.describe(value)
        detail = f"device reports {shown}" + (f" ({context})" if context else "")
        return self.report.check(ok, what, detail)

    async def call(self, domain: str, service: str, data: dict[str, Any], effect: Effect) -> None:
        """Call a service on our entity of ``domain``; check the answer, then the device."""
        shown = ", ".join(f"{value}" for value in data.values())
        what = f"{domain}.{service} {shown}"
        data = {"entity_id": self.entities[domain], **data}
        status, body = await self.api.service(domain, service, data)
        if status != 200:
            self.report.check(False, what, f"answered {status}: {body}")
            return
        await self.expect(what, effect)

    async def explain(self, text: str, language: str) -> str:
        """Ask the default agent's debug API which sentence and intent took ``text``."""
        try:
            answer = await self.api.ws_result(
                {
                    "type": "conversation/agent/homeassistant/debug",
                    "sentences": [text],
                    "language": language,
                }
            )
        except E2EError as err:
            return f"no debug answer: {err}"
        result = (answer.get("results") or [None])[0]
        if not result:
            return "no sentence matched"
        slots = result.get("slots", {})
        unmatched = result.get("unmatched_slots") or {}
        where = result.get("file") or result.get("source")
        return (
            f"matched {result.get('intent', {}).get('name')} from {where} "
            f"{result.get('sentence_template')!r}, slots {slots}, unmatched {unmatched}, "
            f"targets {result.get('targets')}"
        )

    async def speak(self, text: str, language: str, effect: Effect) -> None:
        """Say a sentence; check that Assist acted, then read the effect from the device."""
        what = f"voice {language} {text!r}"
        try:
            response = await self.api.say(text, language)
        except E2EError as err:
            self.report.check(False, what, str(err))
            return
        speech = response.get("speech", {}).get("plain", {}).get("speech", "")
        kind = response.get("response_type")
        if kind != "action_done":
            code = response.get("data", {}).get("code", "")
            matched = await self.explain(text, language)
            self.report.check(False, what, f"Assist answered {kind} {code} {speech!r}; {matched}")
            return
        await self.expect(what, effect, f"Assist: {speech!r}")


def write_configuration(config: Path, port: int) -> None:
    """Write configuration.yaml and copy the integration into custom_components."""
    (config / "configuration.yaml").write_text(CONFIGURATION_YAML.format(port=port))
    shutil.copytree(
        ROOT / "custom_components" / DOMAIN,
        config / "custom_components" / DOMAIN,
        ignore=shutil.ignore_patterns("__pycache__"),
    )


async def confirm_http_config(run: Run) -> None:
    """Confirm the HTTP settings migrated from YAML, so that 2026.11 does not revert them."""
    answer = await run.api.ws({"type": "http/config"})
    if not answer.get("success") and answer.get("error", {}).get("code") == "unknown_command":
        run.report.note(f"no HTTP config to confirm on Home Assistant {run.report.version}")
        return
    result = answer.get("result") or {}
    pending = result.get("pending")
    port = run.api.base.rsplit(":", 1)[1]
    if not run.report.check(
        pending is not None and str(pending.get("server_port")) == port,
        "HTTP settings migrated from YAML are pending",
        f"pending {pending}, revert at {result.get('revert_at')}",
    ):
        return
    await run.api.ws_result({"type": "http/config/promote"})
    after = await run.api.ws_result({"type": "http/config"})
    run.report.check(
        after.get("pending") is None
        and after.get("revert_at") is None
        and str(after.get("stable", {}).get("server_port")) == port,
        "HTTP settings confirmed (http/config/promote): no revert scheduled",
        f"stable port {after.get('stable', {}).get('server_port')}",
    )


async def check_config_flow(run: Run) -> None:
    """Refuse bad tokens, then add both devices through the REST config flow."""
    api, report = run.api, run.report
    flow_path = "/api/config/config_entries/flow"

    async def manual_form() -> str:
        menu = await api.post(flow_path, {"handler": DOMAIN, "show_advanced_options": False})
        if menu.get("type") != "menu" or "manual" not in menu.get("menu_options", []):
            raise E2EError(f"the flow did not start with a menu offering 'manual': {menu}")
        form = await api.post(f"{flow_path}/{menu['flow_id']}", {"next_step_id": "manual"})
        if form.get("type") != "form" or form.get("step_id") != "manual":
            raise E2EError(f"'manual' did not lead to the host and token form: {form}")
        return str(form["flow_id"])

    ac = run.devices[AC_HOST]
    wrong_token = secrets.token_hex(16)
    bad_inputs = (
        ("not-a-token", {"token": "invalid_token"}, "a malformed token"),
        (wrong_token, {"base": "token_rejected"}, "a token the device does not accept"),
    )
    for token, wanted_errors, what in bad_inputs:
        flow_id = await manual_form()
        answer = await api.post(f"{flow_path}/{flow_id}", {"host": ac.host, "token": token})
        report.check(
            answer.get("type") == "form" and answer.get("errors") == wanted_errors,
            f"config flow refuses {what}",
            f"form errors {answer.get('errors')}",
        )
        await api.request("DELETE", f"{flow_path}/{flow_id}", expect=None)
    entries = await api.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
    report.check(not entries, "refused flows created no entry", f"{len(entries)} entries")

    for device in run.devices.values():
        flow_id = await manual_form()
        # Upper case and spaces, as a token copied from an app may look
        pasted = " ".join(device.token[i : i + 8] for i in range(0, 32, 8)).upper()
        answer = await api.post(f"{flow_path}/{flow_id}", {"host": device.host, "token": pasted})
        if answer.get("type") != "create_entry":
            report.check(False, f"config flow adds {device.model}", f"answered {answer}")
            continue
        run.entry_ids[device.host] = answer["result"]["entry_id"]
    if len(run.entry_ids) != len(run.devices):
        raise E2EError("not every device could be added")

    deadline = time.monotonic() + SETUP_TIMEOUT
    while True:
        entries = await api.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
        states = {entry["entry_id"]: entry["state"] for entry in entries}
        loaded = all(states.get(entry_id) == "loaded" for entry_id in run.entry_ids.values())
        if loaded or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    for host, entry_id in run.entry_ids.items():
        report.check(
            states.get(entry_id) == "loaded",
            f"config flow adds {run.devices[host].model} at {host}",
            f"entry {states.get(entry_id)}",
        )
    if not loaded:
        raise E2EError("the config entries did not load")


async def name_devices(run: Run) -> None:
    """Name the devices as the user does after the flow, and find our entities."""
    api = run.api
    names = {AC_HOST: AC_NAME, TV_HOST: TV_NAME}
    devices = await api.ws_result({"type": "config/device_registry/list"})
    for host, entry_id in run.entry_ids.items():
        ours = [device for device in devices if entry_id in device["config_entries"]]
        if len(ours) != 1:
            raise E2EError(f"entry {entry_id} has {len(ours)} devices")
        await api.ws_result(
            {
                "type": "config/device_registry/update",
                "device_id": ours[0]["id"],
                "name_by_user": names[host],
            }
        )
    entities = await api.ws_result({"type": "config/entity_registry/list"})
    for entity in entities:
        domain = entity["entity_id"].split(".")[0]
        if entity["platform"] == DOMAIN and domain in ("climate", "media_player", "remote"):
            run.entities[domain] = entity["entity_id"]
    # The remote has a name of its own after its device's ("Living Room TV Remote")
    wanted = {"climate": AC_NAME, "media_player": TV_NAME, "remote": f"{TV_NAME} Remote"}
    shown: dict[str, str | None] = {}
    for domain in wanted:
        entity_id = run.entities.get(domain)
        if entity_id is None:
            raise E2EError(f"no {domain} entity of {DOMAIN}")
        state = await api.get(f"/api/states/{entity_id}")
        shown[entity_id] = state["attributes"].get("friendly_name")
    run.report.check(
        all(shown[run.entities[domain]] == name for domain, name in wanted.items()),
        "entities carry the names given to their devices",
        ", ".join(f"{entity_id} {name!r}" for entity_id, name in shown.items()),
    )


async def check_services(run: Run) -> None:
    """Call services over REST and read their effect from the devices."""
    await run.call("climate", "set_hvac_mode", {"hvac_mode": "heat"}, ac_mode(True, "heat"))
    await run.call("climate", "set_temperature", {"temperature": 22}, ac_target(22))
    await run.call("climate", "set_fan_mode", {"fan_mode": "level_3"}, ac_fan_level(3))
    await run.call("media_player", "select_source", {"source": "HDMI 2"}, tv_input("HDMI 2"))
    await run.call(
        "media_player", "volume_set", {"volume_level": 0.2}, tv_volume(lambda v: v == 20)
    )
    await run.call(
        "remote", "send_command", {"command": "volume_up"}, tv_volume(lambda v: v > 20, 20)
    )


async def check_voice(run: Run) -> None:
    """Speak English and Chinese sentences to Assist and read their effect from the devices."""
    await run.speak("set the living room AC to cool", "en", ac_mode(True, "cool"))
    await run.speak("set the living room AC to 24 degrees", "en", ac_target(24))
    await run.speak("把空调调到26度", "zh-CN", ac_target(26))
    await run.speak("把空调风速调到最大", "zh-CN", ac_fan_level(7))
    await run.speak("把空调调成制热", "zh-CN", ac_mode(True, "heat"))
    (volume,) = await run.reader.read(TV_HOST, TV_VOLUME)
    await run.speak("turn the TV volume up", "en", tv_volume(lambda v: v > volume, volume))
    await run.speak("把电视切到HDMI 1", "zh-CN", tv_input("HDMI 1"))
    await run.speak("switch the living room TV to HDMI 3", "en", tv_input("HDMI 3"))
    await run.speak("电视静音", "zh-CN", tv_muted(True))
    await run.speak("turn off the living room AC", "en", ac_power(False))


async def check_states(run: Run) -> None:
    """Check that Home Assistant shows what the devices last reported."""
    climate = await run.api.get(f"/api/states/{run.entities['climate']}")
    player = await run.api.get(f"/api/states/{run.entities['media_player']}")
    attributes = player["attributes"]
    shown = (climate["state"], attributes.get("source"), attributes.get("is_volume_muted"))
    run.report.check(
        shown == ("off", "HDMI 3", True),
        "Home Assistant shows the devices' last state",
        f"AC {shown[0]}, TV on {shown[1]}, muted {shown[2]}",
    )


@dataclass(frozen=True)
class LogRecord:
    """One record of home-assistant.log: its first line and any lines that follow it."""

    level: str
    logger: str
    message: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """The whole record."""
        return "\n".join(self.lines)


def parse_log(text: str) -> list[LogRecord]:
    """Split Home Assistant's log into records (a traceback belongs to the record above it)."""
    records: list[LogRecord] = []
    current: list[str] = []
    head: re.Match[str] | None = None

    def flush() -> None:
        if current:
            level, logger, message = (
                (head["level"], head["logger"], head["message"]) if head else ("?", "?", current[0])
            )
            records.append(LogRecord(level, logger, message, tuple(current)))

    for line in text.splitlines():
        match = RECORD_START.match(line)
        if match:
            flush()
            head, current = match, [line]
        else:
            current.append(line)
    flush()
    return records


def _ignored(record: LogRecord) -> bool:
    return any(
        record.logger in ignored.loggers and ignored.message.search(record.message)
        for ignored in IGNORED_RECORDS
    )


def _first_lines(records: list[LogRecord], limit: int = 5) -> str:
    shown = [record.lines[0][:300] for record in records[:limit]]
    more = f" (+{len(records) - limit} more)" if len(records) > limit else ""
    return "; ".join(shown) + more


def token_forms(token: str) -> dict[str, str]:
    """Return the ways a token could end up in a log, by name."""
    raw = bytes.fromhex(token)
    return {
        "hex": token.lower(),
        "upper-case hex": token.upper(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "urlsafe base64": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "bytes repr": repr(raw)[2:-1],
    }


def check_log(report: Report, log: Path, console: Path, token: str) -> None:
    """Check Home Assistant's log and console output."""
    text = log.read_text(errors="replace") if log.exists() else ""
    console_text = console.read_text(errors="replace") if console.exists() else ""
    # The console repeats the log, and adds what is printed outside logging
    console_records = [record for record in parse_log(console_text) if not _ignored(record)]
    parsed = parse_log(text)
    unparsed = [r for r in parsed if r.level == "?"]
    report.check(
        bool(parsed) and not unparsed,
        "Home Assistant's log reads as records",
        f"{len(parsed)} records in {len(text.splitlines())} lines"
        + (f"; not a record: {unparsed[0].lines[0][:200]!r}" if unparsed else ""),
    )
    records = [record for record in parsed if not _ignored(record)]

    errors = [r for r in records if r.level in ("ERROR", "CRITICAL")]
    ignored = [r.logger for r in parsed if _ignored(r)]
    report.check(
        not errors,
        "no ERROR in the log",
        _first_lines(errors) or f"none ({len(ignored)} ignored: {', '.join(ignored) or '-'})",
    )

    tracebacks = [r for r in records if "Traceback (most recent call last)" in r.text]
    on_console = [r for r in console_records if "Traceback (most recent call last)" in r.text]
    report.check(
        not tracebacks and not on_console,
        "no traceback in the log or on the console",
        _first_lines(tracebacks or on_console) or "none",
    )

    deprecations = [r for r in records if DEPRECATION.search(r.text)]
    report.check(
        not deprecations,
        "no deprecation or report_usage warning",
        _first_lines(deprecations) or "none",
    )

    ours = [
        r
        for r in records
        if r.level == "WARNING"
        and (r.logger.startswith(OUR_LOGGERS) or DOMAIN in r.text)
        and not CUSTOM_INTEGRATION_NOTICE.search(r.message)
    ]
    report.check(not ours, "no warning from or about xiaomi_living", _first_lines(ours) or "none")

    debug_lines = sum(1 for r in records if r.level == "DEBUG" and r.logger.startswith(OUR_LOGGERS))
    leaks = [
        f"{name} in {where}"
        for name, form in token_forms(token).items()
        for where, content in (("the log", text), ("the console", console_text))
        if form in content
    ]
    report.check(
        not leaks and debug_lines > 0,
        "the token never appears in the log",
        ", ".join(leaks) or f"{debug_lines} debug records of xiaomi_living read",
    )


def print_tail(path: Path, lines: int = LOG_TAIL_LINES) -> None:
    """Print the end of Home Assistant's log, without our debug records and the ignored ones."""
    if not path.exists():
        print(f"e2e: {path} does not exist", flush=True)
        return
    records = parse_log(path.read_text(errors="replace"))
    kept = [
        r
        for r in records
        if not (r.level == "DEBUG" and r.logger.startswith(OUR_LOGGERS)) and not _ignored(r)
    ]
    tail = [line for record in kept for line in record.lines][-lines:]
    print(f"---- last {len(tail)} lines of {path} (debug, ignored left out) ----", flush=True)
    print("\n".join(tail), flush=True)
    print("----", flush=True)


def check_multicast(report: Report) -> None:
    """Fail early where no interface takes multicast (a bare network namespace).

    Home Assistant 2026.11 builds every aiohttp client session with a resolver that opens its
    zeroconf instance, and that fails with "No such device" when no interface can join mDNS.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        # Any interface (INADDR_ANY), as zeroconf asks by default
        group = socket.inet_aton("224.0.0.251") + bytes(4)
        try:
            probe.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, group)
        except OSError as err:
            report.check(False, "an interface joins mDNS multicast", str(err))
            raise E2EError(
                "Home Assistant's HTTP client sessions need a multicast-capable interface; in a "
                "network namespace run `ip link set lo up multicast on; "
                "ip route add 224.0.0.0/4 dev lo` first"
            ) from err
    report.check(True, "an interface joins mDNS multicast", "224.0.0.251")


async def run_checks(report: Report, config: Path, children: Children) -> None:
    """Start the simulator and Home Assistant, run the checks, stop Home Assistant, read its log."""
    check_multicast(report)
    token = secrets.token_hex(16)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    devices = await start_simulator(children, token, config.parent / "simulator.log")
    report.check(
        {d.model for d in devices.values()} == {AC_MODEL, TV_MODEL},
        "simulator serves the AC and the TV",
        ", ".join(f"{d.model} on {d.host}" for d in devices.values()),
    )

    # In this thread: no other thread may run yet when Home Assistant is forked (preexec_fn)
    write_configuration(config, port)
    log = config / "home-assistant.log"
    console = config.parent / "console.log"
    command = [sys.executable, str(ROOT / "scripts" / "run_hass.py"), "--config", str(config)]
    command += ["--log-file", str(log), "--skip-pip"]
    started = time.monotonic()
    with console.open("wb") as output:
        hass = await children.start(
            "Home Assistant", command, stdout=output, stderr=asyncio.subprocess.STDOUT
        )

    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
        api = HomeAssistantApi(session, base)
        try:
            await api.wait_until_up(hass)
            report.check(
                True, "Home Assistant answers", f"{base} after {time.monotonic() - started:.0f} s"
            )
            await api.create_owner(secrets.token_urlsafe(16))
            report.version = await api.wait_until_running(hass)
            report.check(
                True,
                "Home Assistant finishes starting",
                f"{report.version} running after {time.monotonic() - started:.0f} s",
            )
            steps = ["user", *await api.finish_onboarding()]
            status = await api.get("/api/onboarding")
            report.check(
                all(step["done"] for step in status),
                "onboarding through the REST API",
                f"steps {', '.join(steps)}",
            )
            run = Run(report, api, DeviceReader(token), devices)
            await confirm_http_config(run)
            await check_config_flow(run)
            await name_devices(run)
            await check_services(run)
            await check_voice(run)
            await check_states(run)
            report.check(
                hass.returncode is None, "Home Assistant ran throughout", "never restarted"
            )
        except (E2EError, aiohttp.ClientError, OSError) as err:
            # What follows (stopping, the log) is still worth checking.
            report.check(False, "the checks run to the end", f"{type(err).__name__}: {err}")
        finally:
            await api.close()
    status = await children.stop("Home Assistant")
    report.check(status == 0, "Home Assistant stops cleanly on SIGTERM", f"exit status {status}")
    check_log(report, log, console, token)


# The demo (scripts/demo.py) on its own Home Assistant, configured as a user's would be.
DEMO_READY_TIMEOUT: Final = 180.0
DEMO_PIPELINES: Final = {"English": "en", "简体中文": "zh-CN"}
DEMO_COMPONENTS: Final = (
    "default_config",
    "automation",
    "script",
    "scene",
    "energy",
    "history",
    "logbook",
    "assist_pipeline",
    "lovelace",
)
DEMO_ALIASES: Final = {"climate": "客厅空调", "media_player": "客厅电视"}  # of the living room's
DEMO_AUTOMATION: Final = "xiaomi_living_demo_check"
DEMO_IGNORED: Final = (
    IgnoredRecord(
        ("homeassistant.components.homeassistant_alerts.coordinator",),
        re.compile(r"^Error requesting homeassistant_alerts data: Cannot connect to host "),
        reason="default_config's alerts fetch alerts.home-assistant.io; this run has no network",
    ),
)


async def _demo_login(api: HomeAssistantApi, username: str, password: str) -> None:
    """Log in through the login flow, as the frontend does."""
    flow = await api.post(
        "/auth/login_flow",
        {
            "client_id": api.client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": api.client_id,
        },
    )
    result = await api.post(
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": api.client_id, "username": username, "password": password},
    )
    if result.get("type") != "create_entry":
        raise E2EError(f"the demo login {username} / {password} failed: {result}")
    await api._token_from_code(result["result"])  # noqa: SLF001 - the same class's flow


async def _run_pipeline(api: HomeAssistantApi, pipeline_id: str, text: str) -> dict[str, Any]:
    """Run a pipeline from text to intent, as the Assist dialog does; return its intent output."""
    answer = await api.ws(
        {
            "type": "assist_pipeline/run",
            "start_stage": "intent",
            "end_stage": "intent",
            "input": {"text": text},
            "pipeline": pipeline_id,
        }
    )
    if not answer.get("success"):
        raise E2EError(f"assist_pipeline/run: {answer.get('error')}")
    ws = api._ws  # noqa: SLF001 - the run's events follow its result on the same socket
    assert ws is not None  # noqa: S101 - api.ws opened it
    output: dict[str, Any] = {}
    async with asyncio.timeout(EFFECT_TIMEOUT):
        while True:
            message = await ws.receive_json()
            if message.get("id") != answer["id"] or message.get("type") != "event":
                continue
            event = message["event"]
            if event["type"] == "intent-end":
                output = event["data"]["intent_output"]
            if event["type"] in ("run-end", "error"):
                return output if event["type"] == "run-end" else {"error": event["data"]}


async def _wait_for_state(
    api: HomeAssistantApi, entity_id: str, wanted: Callable[[dict[str, Any]], bool]
) -> dict[str, Any] | None:
    deadline = time.monotonic() + EFFECT_TIMEOUT
    while True:
        status, state = await api.request("GET", f"/api/states/{entity_id}", expect=None)
        if status == 200 and wanted(state):
            return dict(state)
        if time.monotonic() > deadline:
            return dict(state) if status == 200 else None
        await asyncio.sleep(0.25)


async def check_demo(report: Report, workdir: Path, children: Children) -> None:
    """Run scripts/demo.py as ``scripts/demo`` does and check the home it makes.

    Home Assistant's default configuration (automations saved over the config API run), the
    English and 简体中文 pipelines (the Chinese one acting on a device), aliases on every entity
    and area, the dashboard and the energy settings, the ready message with login and token, a
    clean stop; and a log without errors.
    """
    from homeassistant.config import DEFAULT_CONFIG  # noqa: PLC0415 - this venv's release

    config = workdir / "demo"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output = workdir / "demo.log"
    command = [sys.executable, str(ROOT / "scripts" / "demo.py"), "--port", str(port)]
    command += ["--config", str(config), "--language", "en", "--skip-pip"]
    started = time.monotonic()
    with output.open("wb") as log:
        demo = await children.start(
            "the demo", command, stdout=log, stderr=asyncio.subprocess.STDOUT
        )
    said = ""
    while "Ctrl-C stops" not in said:
        if demo.returncode is not None or time.monotonic() - started > DEMO_READY_TIMEOUT:
            raise E2EError(f"the demo was not ready: {said[-1500:]}")
        await asyncio.sleep(0.5)
        said = await asyncio.to_thread(output.read_text, errors="replace")
    ready = said[said.index("Xiaomi Living demo (") :]
    report.check(
        "login: demo / demo" in ready
        and "device token: 64656d6f64656d6f64656d6f64656d6f" in ready
        and ready.count(" loaded") == 5
        and "PROBLEM" not in ready,
        "the demo says it is ready with the login, the token and five loaded devices",
        f"after {time.monotonic() - started:.0f} s",
    )

    yaml = (config / "configuration.yaml").read_text()
    report.check(
        DEFAULT_CONFIG.strip() in yaml
        and all(
            (config / name).exists() for name in ("automations.yaml", "scripts.yaml", "scenes.yaml")
        ),
        "the demo's configuration.yaml holds Home Assistant's default configuration",
        "default_config:, automation/script/scene !include, their files",
    )
    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
        api = HomeAssistantApi(session, base)
        try:
            await _demo_login(api, "demo", "demo")
            await _check_demo_home(report, api)
        except (E2EError, aiohttp.ClientError, OSError, KeyError, TypeError) as err:
            # What follows (stopping, the log) is still worth checking.
            report.check(False, "the demo's checks run to the end", f"{type(err).__name__}: {err}")
        finally:
            await api.close()
    status = await children.stop("the demo")
    report.check(
        status == 0,
        "the demo stops cleanly on SIGTERM",
        f"exit status {status}; the demo's checks took {time.monotonic() - started:.0f} s",
    )
    records = parse_log((config / "home-assistant.log").read_text(errors="replace"))
    bad = [
        record
        for record in records
        if (
            record.level in ("ERROR", "CRITICAL")
            or "Traceback (most recent call last)" in record.text
        )
        and not _ignored(record)
        and not any(
            record.logger in ignored.loggers and ignored.message.search(record.message)
            for ignored in DEMO_IGNORED
        )
    ]
    report.check(not bad, "no error or traceback in the demo's log", _first_lines(bad) or "none")


async def _check_demo_home(report: Report, api: HomeAssistantApi) -> None:
    config = await api.get("/api/config")
    missing = [name for name in DEMO_COMPONENTS if name not in config["components"]]
    report.check(
        not missing,
        "the demo loads default_config and what it brings",
        f"missing {missing}" if missing else ", ".join(DEMO_COMPONENTS),
    )

    pipelines = await api.ws_result({"type": "assist_pipeline/pipeline/list"})
    found = {
        p["name"]: (p["language"], p["conversation_language"], p["conversation_engine"])
        for p in pipelines["pipelines"]
    }
    wanted = {
        name: (lang, lang, "conversation.home_assistant") for name, lang in DEMO_PIPELINES.items()
    }
    preferred = [
        p["name"] for p in pipelines["pipelines"] if p["id"] == pipelines["preferred_pipeline"]
    ]
    report.check(
        found == wanted and preferred == ["English"],
        "the demo has an English and a 简体中文 pipeline on Home Assistant's agent",
        f"{found}, preferred {preferred}",
    )

    entries = await api.ws_result({"type": "config/entity_registry/list"})
    ours = [e["entity_id"] for e in entries if e["platform"] == DOMAIN]
    details = await api.ws_result(
        {"type": "config/entity_registry/get_entries", "entity_ids": ours}
    )
    unaliased = [eid for eid, e in details.items() if not [a for a in e["aliases"] if a]]
    living = {
        domain: details[eid]["aliases"]
        for domain in DEMO_ALIASES
        for eid in ours
        if eid.startswith(f"{domain}.living_room")
    }
    areas = await api.ws_result({"type": "config/area_registry/list"})
    bare_areas = [area["name"] for area in areas if not area["aliases"]]
    report.check(
        len(ours) > 10
        and not unaliased
        and all(DEMO_ALIASES[domain] in living.get(domain, []) for domain in DEMO_ALIASES)
        and not bare_areas,
        "every entity and area of the demo has an alias in Chinese",
        f"{len(ours)} entities, {len(areas)} areas; living room {living}; "
        f"without: {unaliased + bare_areas}",
    )

    zh_id = next((p["id"] for p in pipelines["pipelines"] if p["name"] == "简体中文"), None)
    climate = next((eid for eid in ours if eid.startswith("climate.living_room")), None)
    if zh_id is None or climate is None:
        raise E2EError(f"no 简体中文 pipeline ({zh_id}) or living room AC ({climate})")
    output = await _run_pipeline(api, zh_id, "把客厅空调调到25度")
    kind = output.get("response", {}).get("response_type")
    state = await _wait_for_state(api, climate, lambda s: s["attributes"].get("temperature") == 25)
    report.check(
        kind == "action_done"
        and state is not None
        and state["attributes"].get("temperature") == 25,
        "the 简体中文 pipeline sets the living room AC from text",
        f"{kind}, {climate} at {state and state['attributes'].get('temperature')}",
    )

    dashboards = await api.ws_result({"type": "lovelace/dashboards/list"})
    dashboard = await api.ws_result({"type": "lovelace/config", "url_path": "xiaomi-living"})
    cards = [
        card
        for view in dashboard["views"]
        for section in view["sections"]
        for card in section["cards"]
    ]
    shown = {card["type"]: [] for card in cards}
    for card in cards:
        shown[card["type"]].append(
            card.get("entity") or card.get("tap_action", {}).get("pipeline_id")
        )
    climates = sorted(eid for eid in ours if eid.startswith("climate."))
    players = [eid for eid in ours if eid.startswith("media_player.")]
    states = {state["entity_id"] for state in await api.get("/api/states")}
    referenced = [
        e for key in ("thermostat", "media-control", "gauge", "tile") for e in shown.get(key, [])
    ]
    system = await api.ws_result({"type": "frontend/get_system_data", "key": "core"})
    report.check(
        any(d["url_path"] == "xiaomi-living" and d["mode"] == "storage" for d in dashboards)
        and sorted(shown.get("thermostat", [])) == climates
        and shown.get("media-control") == players
        and any(e.endswith("_energy") for e in shown.get("tile", []))
        and sorted(shown.get("button", [])) == sorted(p["id"] for p in pipelines["pipelines"])
        and all(e in states for e in referenced)
        and (system.get("value") or {}).get("default_panel") == "xiaomi-living",
        "the demo's dashboard is stored, loads, and is the default",
        f"{len(cards)} cards: {len(shown.get('thermostat', []))} thermostats, "
        f"{shown.get('media-control')}, energy {shown.get('tile')}, "
        f"{len(shown.get('button', []))} Assist buttons",
    )

    prefs = await api.ws_result({"type": "energy/get_prefs"})
    counted = [item["stat_consumption"] for item in prefs.get("device_consumption", [])]
    report.check(
        bool(counted) and all(e in counted for e in shown.get("tile", [])),
        "the energy dashboard counts the demo's air conditioners",
        ", ".join(counted) or "nothing",
    )

    # As the automation editor saves one: to automations.yaml through the config API, reloaded.
    automation = {
        "id": DEMO_AUTOMATION,
        "alias": "Xiaomi Living demo check",
        "description": "",
        "triggers": [{"trigger": "event", "event_type": DEMO_AUTOMATION}],
        "conditions": [],
        "actions": [
            {
                "action": "climate.set_temperature",
                "target": {"entity_id": climate},
                "data": {"temperature": 21},
            }
        ],
        "mode": "single",
    }
    await api.post(f"/api/config/automation/config/{DEMO_AUTOMATION}", automation)
    entity = await _wait_for_state(
        api, f"automation.{DEMO_AUTOMATION}", lambda s: s["state"] == "on"
    )
    await api.post(f"/api/events/{DEMO_AUTOMATION}", {})
    state = await _wait_for_state(api, climate, lambda s: s["attributes"].get("temperature") == 21)
    report.check(
        entity is not None
        and entity["state"] == "on"
        and state is not None
        and state["attributes"].get("temperature") == 21,
        "an automation saved as the UI saves it runs in the demo",
        f"automation {entity and entity['state']}, {climate} at "
        f"{state and state['attributes'].get('temperature')}",
    )


def main(argv: list[str] | None = None) -> int:
    """Run the end-to-end checks; return 0 only when all of them passed."""
    parser = argparse.ArgumentParser(prog="scripts/e2e.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"give up after this many seconds (default {DEFAULT_TIMEOUT:.0f})",
    )
    args = parser.parse_args(argv)
    return asyncio.run(_main(args.keep, args.timeout))


async def _main(keep: bool, limit: float) -> int:
    report = Report()
    children = Children()
    workdir = Path(tempfile.mkdtemp(prefix="xiaomi-living-e2e-"))
    config = workdir / "config"
    config.mkdir()
    started = time.monotonic()
    stopped_by: list[str] = []
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def on_signal(signum: int) -> None:
        # The first signal ends the checks; the cleanup that follows is not interrupted.
        stopped_by.append(signal.Signals(signum).name)
        if len(stopped_by) == 1 and task is not None:
            print(f"\ne2e: {stopped_by[0]}, stopping", flush=True)
            task.cancel()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    try:
        async with asyncio.timeout(limit):
            await run_checks(report, config, children)
            await check_demo(report, workdir, children)
    except TimeoutError:
        report.check(False, f"the run ends within {limit:.0f} s", "timed out: stopped everything")
    except E2EError as err:
        report.check(False, "the run goes on to the end", str(err))
    except asyncio.CancelledError:
        if not stopped_by:
            raise
        report.check(False, "the run goes on to the end", f"stopped by {stopped_by[0]}")
    finally:
        for name in list(children.processes)[::-1]:
            await children.stop(name)
        if report.failed:
            print_tail(config / "home-assistant.log")
        if keep:
            print(f"e2e: kept {workdir}", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)

    elapsed = time.monotonic() - started
    where = f"on Home Assistant {report.version} in {elapsed:.0f} s"
    if report.failed:
        print(f"e2e: {len(report.failed)} of {report.total} checks FAILED {where}", flush=True)
        return 1
    print(f"e2e: {report.total} checks passed {where}", flush=True)
    return 0


if __name__ == "__main__":
    # The simulator and the integration's client are imported from this checkout.
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
