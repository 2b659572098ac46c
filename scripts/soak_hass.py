"""The soak itself, as one pytest test on the harness's Home Assistant (run it with scripts/soak).

It does nothing unless XIAOMI_LIVING_SOAK_MINUTES is set (scripts/soak.py sets it and the other
XIAOMI_LIVING_SOAK_* settings), and lives outside tests/ so that the suite never collects it.

Flat means, end against start, each over one poll interval of samples: RSS grew by at most
max(5 MiB, 5%); the most open file descriptors at most 2 more; the median of asyncio tasks and of
pending timers at most max(5, devices / 10) more (polls and retries in flight make both move).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import ipaddress
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_socket  # type: ignore[import-untyped]
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_TOKEN, EVENT_STATE_CHANGED, STATE_UNAVAILABLE
from homeassistant.const import __version__ as HA_VERSION  # noqa: N812
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Import the package before the hass fixture runs, or HA's loader reports "Integration not found".
from custom_components.xiaomi_living import const  # noqa: E402
from custom_components.xiaomi_living.const import (  # noqa: E402
    CONF_MAC,
    CONF_MODEL,
    CONF_SCAN_INTERVAL,
    DOMAIN,
)

MODELS = (
    "xiaomi.aircondition.mc4",
    "xiaomi.aircondition.ma4",
    "zhimi.aircondition.v1",
    "lumi.acpartner.mcn02",
)
FIRST_HOST = ipaddress.IPv4Address("127.0.1.1")
READY_TIMEOUT = 120.0  # seconds for the simulator to serve every device
SETUP_TIMEOUT = 180.0  # seconds for every entry to load (one may retry after a reboot)
SAMPLES = 10  # per window, spread over one poll interval
MIB = 1024 * 1024


def _setting(name: str) -> str | None:
    return os.environ.get(f"XIAOMI_LIVING_SOAK_{name}")


@dataclass(frozen=True, slots=True)
class Settings:
    """What scripts/soak.py asked for."""

    minutes: float
    devices: int
    loss: float
    interval: int
    reboot_every: float
    warm_up: float
    seed: int
    out: Path | None

    @classmethod
    def from_environment(cls) -> Settings:
        """Read the XIAOMI_LIVING_SOAK_* variables."""
        out = _setting("OUT")
        return cls(
            minutes=float(_setting("MINUTES") or 10),
            devices=int(_setting("DEVICES") or 50),
            loss=float(_setting("LOSS") or 0.1),
            interval=int(_setting("INTERVAL") or 5),
            reboot_every=float(_setting("REBOOT_EVERY") or 120),
            warm_up=float(_setting("WARM_UP") or 60),
            seed=int(_setting("SEED") or 13),
            out=Path(out) if out else None,
        )


@dataclass(frozen=True, slots=True)
class Sample:
    """One look at the Home Assistant process."""

    rss: int  # bytes
    fds: int
    tasks: int
    timers: int  # scheduled and not cancelled
    objects: int  # tracked by the garbage collector


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _sample() -> Sample:
    loop = asyncio.get_running_loop()
    scheduled = loop._scheduled  # type: ignore[attr-defined]  # noqa: SLF001 - no public count
    gc.collect()
    return Sample(
        rss=_rss(),
        fds=sum(1 for _ in Path("/proc/self/fd").iterdir()),
        tasks=len(asyncio.all_tasks(loop)),
        timers=sum(not handle.cancelled() for handle in scheduled),
        objects=len(gc.get_objects()),
    )


async def _window(interval: float) -> list[Sample]:
    samples = []
    for index in range(SAMPLES):
        if index:
            await asyncio.sleep(interval / SAMPLES)
        samples.append(_sample())
    return samples


@dataclass(slots=True)
class Traffic:
    """What happened during the run, counted as it happened."""

    polls: int = 0
    failed_polls: int = 0
    flaps: list[tuple[float, str]] = field(default_factory=list)
    logged: Counter[str] = field(default_factory=Counter)  # warnings and errors, by logger


class _CountingHandler(logging.Handler):
    """Counts warnings and errors by logger, and keeps the first few lines of each."""

    def __init__(self, traffic: Traffic, first: list[str]) -> None:
        super().__init__(logging.WARNING)
        self._traffic = traffic
        self._first = first

    def emit(self, record: logging.LogRecord) -> None:
        self._traffic.logged[f"{record.levelname} {record.name}"] += 1
        if len(self._first) < 10:
            self._first.append(f"{record.levelname} {record.name}: {record.getMessage()[:200]}")


@pytest.fixture(autouse=True)
def allow_loopback_sockets() -> None:
    """Let Home Assistant reach the simulated devices on 127.0.1.x (own network namespace)."""
    devices = Settings.from_environment().devices
    hosts = [str(FIRST_HOST + offset) for offset in range(devices)]
    pytest_socket.enable_socket()
    pytest_socket.socket_allow_hosts(hosts, allow_unix_socket=True)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components/."""


def _model(offset: int, devices: int) -> str:
    """Models in equal blocks, in MODELS order (the first blocks one longer when uneven)."""
    per_model, extra = divmod(devices, len(MODELS))
    for model_index, model in enumerate(MODELS):
        size = per_model + (model_index < extra)
        if offset < size:
            return model
        offset -= size
    raise ValueError(offset)


async def _start_simulator(
    settings: Settings, stderr: Any
) -> tuple[asyncio.subprocess.Process, list[tuple[str, str, str, int]]]:
    """Start the simulator CLI; return it and (model, host, token, device id) per device."""
    arguments = [
        argument
        for offset in range(settings.devices)
        for argument in ("--device", f"{_model(offset, settings.devices)}@{FIRST_HOST + offset}")
    ]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "tests.simulator", *arguments, "--loss", str(settings.loss)),
        *("--seed", str(settings.seed), "--reboot-every", str(settings.reboot_every)),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=stderr,
    )
    if process.stdout is None:
        raise RuntimeError("no pipe from the simulator")
    devices: list[tuple[str, str, str, int]] = []
    async with asyncio.timeout(READY_TIMEOUT):
        while len(devices) < settings.devices:
            line = (await process.stdout.readline()).decode()
            if not line:
                raise RuntimeError("the simulator stopped before serving every device")
            ready, model, device_host, token, device_id = line.split()
            if ready != "READY":
                raise RuntimeError(f"the simulator said {ready!r}")
            devices.append((model, device_host, token, int(device_id)))
    return process, devices


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(30):
                await process.wait()
    if process.returncode is None:
        process.kill()
        await process.wait()


def _flat(start: list[Sample], end: list[Sample], devices: int) -> dict[str, tuple[str, bool]]:
    """Compare the windows; return per figure its start, end and whether it stayed flat."""
    rss_start = statistics.median(sample.rss for sample in start)
    rss_end = statistics.median(sample.rss for sample in end)
    count_slack = max(5, devices // 10)
    verdicts = {
        "RSS (MiB)": (
            f"{rss_start / MIB:.1f}",
            f"{rss_end / MIB:.1f}",
            rss_end - rss_start <= max(5 * MIB, 0.05 * rss_start),
        ),
        "open file descriptors (max)": (
            str(max(sample.fds for sample in start)),
            str(max(sample.fds for sample in end)),
            max(sample.fds for sample in end) - max(sample.fds for sample in start) <= 2,
        ),
    }
    for name, attribute in (("asyncio tasks", "tasks"), ("pending timers", "timers")):
        values_start = [getattr(sample, attribute) for sample in start]
        values_end = [getattr(sample, attribute) for sample in end]
        verdicts[f"{name} (median, min-max)"] = (
            f"{statistics.median(values_start):g} ({min(values_start)}-{max(values_start)})",
            f"{statistics.median(values_end):g} ({min(values_end)}-{max(values_end)})",
            statistics.median(values_end) - statistics.median(values_start) <= count_slack,
        )
    objects_start = statistics.median(sample.objects for sample in start)
    objects_end = statistics.median(sample.objects for sample in end)
    verdicts["Python objects (median; not judged)"] = (
        f"{objects_start:.0f}",
        f"{objects_end:.0f} ({objects_end - objects_start:+.0f})",
        True,
    )
    return {name: (f"{a} -> {b}", ok) for name, (a, b, ok) in verdicts.items()}


def _traffic_totals(entries: list[MockConfigEntry]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for entry in entries:
        if entry.state is not ConfigEntryState.LOADED or entry.runtime_data.client is None:
            continue
        counters = entry.runtime_data.client.diagnostics.as_dict()
        for name in ("calls", "attempts", "hellos", "retries", "timeouts", "reboots"):
            totals[name] += counters[name]
        totals["dropped"] += sum(counters["dropped"].values())
    return totals


@pytest.mark.skipif(
    not _setting("MINUTES"), reason="a soak runs through scripts/soak (XIAOMI_LIVING_SOAK_MINUTES)"
)
async def test_soak(hass: HomeAssistant, tmp_path: Path) -> None:
    """Poll many lossy, rebooting simulated ACs for minutes; nothing grows, nothing flaps."""
    settings = Settings.from_environment()
    loop = asyncio.get_running_loop()
    # The harness turns on asyncio's debug mode (a traceback kept per callback); Home Assistant
    # does not run that way.
    loop.set_debug(False)
    hass.config.config_dir = str(tmp_path)  # setup writes our voice sentences there
    logging.getLogger().setLevel(logging.WARNING)
    traffic = Traffic()
    first_lines: list[str] = []
    handler = _CountingHandler(traffic, first_lines)
    logging.getLogger().addHandler(handler)
    began = time.monotonic()
    with tempfile.TemporaryFile() as simulator_stderr:
        process, devices = await _start_simulator(settings, simulator_stderr)
        try:
            report = await _soak(hass, settings, devices, traffic, began)
        finally:
            await _stop(process)
            logging.getLogger().removeHandler(handler)
            simulator_stderr.seek(0)
            simulator_errors = simulator_stderr.read().decode(errors="replace").strip()
    lines, ok = report
    if simulator_errors:
        lines += ["", "simulator stderr (last 2000 characters):", simulator_errors[-2000:]]
        ok = False
    if traffic.logged:
        lines += ["", "warnings and errors logged, by logger:"]
        lines += [f"  {count:6d}  {name}" for name, count in traffic.logged.most_common()]
        lines += ["first lines:", *(f"  {line}" for line in first_lines)]
    text = "\n".join(lines) + "\n"
    sys.stdout.write("\n" + text)
    if settings.out is not None:
        settings.out.write_text(text)
    if not ok:
        pytest.fail("the soak found growth, flaps or errors (see the report)")


async def _soak(
    hass: HomeAssistant,
    settings: Settings,
    devices: list[tuple[str, str, str, int]],
    traffic: Traffic,
    began: float,
) -> tuple[list[str], bool]:
    entries = []
    for model, host, token, device_id in devices:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"AC {host}",
            unique_id=str(device_id),
            data={CONF_HOST: host, CONF_TOKEN: token, CONF_MODEL: model, CONF_MAC: None},
            options={CONF_SCAN_INTERVAL: settings.interval},
        )
        entry.add_to_hass(hass)
        entries.append(entry)
    # Setting up the integration sets up all its entries side by side, as Home Assistant's start
    # does.
    await hass.config_entries.async_setup(entries[0].entry_id)
    await hass.async_block_till_done()
    setup_retries = sum(entry.state is not ConfigEntryState.LOADED for entry in entries)
    async with asyncio.timeout(SETUP_TIMEOUT):
        while any(entry.state is not ConfigEntryState.LOADED for entry in entries):  # noqa: ASYNC110 - Home Assistant retries the setup on its own timer
            await asyncio.sleep(1)
    setup_seconds = time.monotonic() - began

    registry = er.async_get(hass)
    ours = {
        registry_entry.entity_id
        for entry in entries
        for registry_entry in er.async_entries_for_config_entry(registry, entry.entry_id)
    }
    started = time.monotonic()

    @callback
    def on_state_changed(event: Event[EventStateChangedData]) -> None:
        new, old = event.data["new_state"], event.data["old_state"]
        if (
            event.data["entity_id"] in ours
            and new is not None
            and new.state == STATE_UNAVAILABLE
            and (old is None or old.state != STATE_UNAVAILABLE)
        ):
            traffic.flaps.append((time.monotonic() - started, event.data["entity_id"]))

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, on_state_changed)
    for entry in entries:
        coordinator = entry.runtime_data.coordinator
        _count_polls(coordinator, traffic)

    duration = settings.minutes * 60
    await asyncio.sleep(settings.warm_up)
    traffic_start = _traffic_totals(entries)
    polls_start = traffic.polls
    start = await _window(settings.interval)
    await asyncio.sleep(max(0.0, started + duration - settings.interval - time.monotonic()))
    end = await _window(settings.interval)
    traffic_end = _traffic_totals(entries)
    unsubscribe()
    unavailable_now = sorted(
        entity_id
        for entity_id in ours
        if (state := hass.states.get(entity_id)) is not None and state.state == STATE_UNAVAILABLE
    )

    verdicts = _flat(start, end, settings.devices)
    flat = all(ok for _, ok in verdicts.values())
    lines = [
        (
            f"Soak: {settings.devices} simulated ACs ({', '.join(MODELS)}), poll interval "
            f"{settings.interval} s, {settings.loss:.0%} datagram loss, a reboot per device "
            f"every {settings.reboot_every:g} s on average (seed {settings.seed})"
        ),
        (
            f"Home Assistant {HA_VERSION}, Python {platform.python_version()}, miIO timeout "
            f"{const.MIIO_TIMEOUT:g} s x {const.MIIO_RETRIES + 1} attempts; {len(ours)} "
            f"entities; every entry loaded {setup_seconds:.0f} s after start"
        ),
        (
            f"{settings.minutes:g} min after setup; start samples after the "
            f"{settings.warm_up:g} s warm-up, end samples over the last {settings.interval} s "
            f"({SAMPLES} samples each, gc.collect() before each)"
        ),
        "",
        f"| {'figure':<40} | {'start -> end':<32} | flat |",
        f"| {'-' * 40} | {'-' * 32} | ---- |",
    ]
    lines += [
        f"| {name:<40} | {value:<32} | {'yes' if ok else 'NO':<4} |"
        for name, (value, ok) in verdicts.items()
    ]
    counted = {
        "polls": (traffic.polls, traffic.polls - polls_start),
        "polls that failed (state kept)": (traffic.failed_polls, None),
        **{
            f"miIO {name}": (traffic_end[name], traffic_end[name] - traffic_start[name])
            for name in ("calls", "attempts", "retries", "timeouts", "hellos", "reboots", "dropped")
        },
    }
    lines += [
        "",
        f"| {'counted over the run':<40} | {'total':>10} | {'between windows':>15} |",
        f"| {'-' * 40} | {'-' * 10} | {'-' * 15} |",
    ]
    lines += [
        f"| {name:<40} | {total:>10} | {'' if window is None else window:>15} |"
        for name, (total, window) in counted.items()
    ]
    lines += [
        "",
        f"unavailable flaps: {len(traffic.flaps)}"
        + "".join(f"\n  {at:7.1f} s  {entity_id}" for at, entity_id in traffic.flaps[:20]),
        f"entities unavailable at the end: {len(unavailable_now)}",
        f"entries not loaded at the first try (loaded later): {setup_retries}",
        f"verdict: {'flat' if flat else 'NOT FLAT'}, {'FLAPS' if traffic.flaps else 'no flaps'}",
    ]
    # From here on a future left behind when the entries unload names where it was created.
    asyncio.get_running_loop().set_debug(True)
    return lines, flat and not traffic.flaps and not unavailable_now


def _count_polls(coordinator: Any, traffic: Traffic) -> None:
    """Count the coordinator's polls, and those whose read failed (the last state kept)."""
    update = coordinator._async_update_data  # noqa: SLF001 - counting only

    async def counted() -> Any:
        traffic.polls += 1
        failures = coordinator.consecutive_failures
        try:
            return await update()
        finally:
            if coordinator.consecutive_failures > failures:
                traffic.failed_polls += 1

    coordinator._async_update_data = counted  # noqa: SLF001
