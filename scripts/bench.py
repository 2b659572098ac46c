"""Benchmark our asyncio miIO client against python-miio and the loop's own floor, in one run.

Run with `scripts/bench` (it sets up .venv first; `--quick` for the CI smoke run, `--write` to
update docs/benchmarks.md and docs/images/benchmark.png). The simulator runs as a separate process
serving N simulated ACs on 127.0.2.1 upward, so that its CPU is never counted as the client's.
In one run, with repeats, it measures:

1. one poll of N devices at once (N = 1, 50, 200, 500): ours on one event loop, python-miio's
   ``Device.send`` on a 64-thread pool (Home Assistant's executor size), and a floor probe: the
   same N devices, one bare asyncio datagram exchange each (the 32-byte hello and its reply, a
   future and one timer per exchange), which is what any asyncio client must at least spend;
2. client CPU per poll per device (``time.process_time`` of this process across the poll / N),
   for all N at once and for 200 devices polled one at a time (as on Home Assistant's schedule);
3. the codec: encoding a get_properties request and decoding its reply, ours vs
   ``miio.protocol.Message``, with the bytes checked identical;
4. the round trip of one call to one device (median of many);
5. memory per device client at the largest N after one poll (RSS growth and tracemalloc, each
   side in a fresh subprocess) and the process's open file descriptors;
6. event-loop stalls (the worst lateness of a 1 ms ticker) while polling every device at once,
   and on Home Assistant's staggered schedule (each device on its own timer);
7. executor jobs our client submitted, the load average before and after, and the machine.

The poll variants alternate within every repeat, so load on the machine touches them alike.
Results are medians with their spread (min-max over the repeats); ratios are computed per repeat
and summarised the same way. No absolute number is a target: compare within one run.

Exits non-zero only when the benchmark itself is broken (an exception, a failed poll, codec bytes
that differ from python-miio's), never on a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.xiaomi_living.client import MiioClient  # noqa: E402

TOKEN = "00112233445566778899aabbccddeeff"  # noqa: S105 - the simulator's demo token
TOKEN_BYTES = bytes.fromhex(TOKEN)
MODEL = "xiaomi.aircondition.mc4"
PORT = 54321
PROPS = [(2, 1), (2, 2), (2, 4), (2, 7), (3, 2), (3, 4), (4, 7), (8, 1)]
PARAMS = [{"did": f"{s}-{p}", "siid": s, "piid": p} for s, p in PROPS]
HELLO = bytes.fromhex("21310020") + b"\xff" * 28
HA_EXECUTOR_THREADS = 64  # Home Assistant's default executor (MAX_WORKERS in homeassistant.runner)
EXCHANGE_TIMEOUT = 5.0
DOC = ROOT / "docs" / "benchmarks.md"
PLOT = ROOT / "docs" / "images" / "benchmark.png"


DEVICE_IDS: dict[str, int] = {}  # host -> device id, as the simulator announced them
MIIO_WRONG_HANDSHAKES = [0]  # python-miio handshakes answered by another device's hello reply


class BenchmarkBrokenError(RuntimeError):
    """The benchmark could not measure what it set out to (not a slow result: a wrong one)."""


# --- statistics ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    """Values of one figure over the repeats."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median over the repeats."""
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        """The smallest value."""
        return min(self.values)

    @property
    def high(self) -> float:
        """The largest value."""
        return max(self.values)

    def text(self, digits: int = 1) -> str:
        """``median (min-max)``, or just the value when there is one."""
        if len(self.values) == 1 or self.low == self.high:
            return f"{self.median:.{digits}f}"
        return f"{self.median:.{digits}f} ({self.low:.{digits}f}-{self.high:.{digits}f})"


def spread(values: Sequence[float]) -> Spread:
    """Wrap a non-empty list of values."""
    if not values:
        raise BenchmarkBrokenError("a figure has no values")
    return Spread(tuple(values))


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> Spread:
    """Per-repeat ratios of two paired series (measured in the same repeat)."""
    return spread([a / b for a, b in zip(numerators, denominators, strict=True) if b > 0])


# --- the machine --------------------------------------------------------------------------------


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def describe_machine() -> dict[str, str]:
    """CPU, cores, RAM, kernel, Python and the package versions that matter here."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()}" + (f" ({affinity} usable)" if affinity != os.cpu_count() else "")
    return {
        "CPU": cpu,
        "cores": cores,
        "RAM": ram,
        "kernel": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "python-miio": _package("python-miio"),
        "cryptography": _package("cryptography"),
        "Home Assistant (venv)": _package("homeassistant"),
    }


def load_average() -> tuple[float, float, float]:
    """Return the 1, 5 and 15 minute load averages."""
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


def raise_fd_limit() -> None:
    """Allow the per-device sockets of all three variants at once (Home Assistant raises it too)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


# --- the simulator ------------------------------------------------------------------------------


@contextlib.contextmanager
def simulator(first_host: str, count: int) -> Iterator[list[str]]:
    """Run the simulator CLI and yield the hosts once every device is ready."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.simulator",
            "--device",
            f"{MODEL}@{first_host}",
            "--count",
            str(count),
            "--token",
            TOKEN,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        hosts: list[str] = []
        assert process.stdout is not None  # noqa: S101 - stdout is a pipe
        while len(hosts) < count:
            line = process.stdout.readline()
            if not line:
                raise BenchmarkBrokenError("the simulator stopped before all devices were ready")
            if line.startswith("READY "):
                _, _, host, _, device_id = line.split()
                hosts.append(host)
                DEVICE_IDS[host] = int(device_id)
        # Keep reading what the simulator prints, so that a full pipe never stalls it
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield hosts
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- python-miio --------------------------------------------------------------------------------


class MiioIds:
    """Start ids for python-miio Devices that never repeat one a device still remembers.

    Devices ignore ids they saw recently, and python-miio starts every new Device at the id it is
    given: each Device of a host gets its own block of ids, so that no stage waits out a timeout.
    """

    BLOCK = 400

    def __init__(self, first_block: int = 0) -> None:
        """Start handing out blocks at ``first_block``."""
        self._next: dict[str, int] = {}
        self._first = first_block

    def start_id(self, host: str) -> int:
        """Return the next free block's first id for ``host`` (python-miio wraps at 9999)."""
        block = self._next.get(host, self._first)
        self._next[host] = block + 1
        return 100 + (block * self.BLOCK) % (9800 - self.BLOCK)


def miio_device(host: str, ids: MiioIds) -> Any:
    """Create a python-miio Device for ``host`` with ids of its own."""
    from miio.device import Device  # noqa: PLC0415 - slow import, only for the comparison

    return Device(host, TOKEN, timeout=2, start_id=ids.start_id(host))


def miio_handshakes(devices: Sequence[Any], pool: ThreadPoolExecutor | None = None) -> None:
    """Handshake every Device, then let the stray hello replies drain.

    python-miio's handshake sends three hellos and returns on the first reply, closing its socket:
    the other two replies go to a port that a later socket may be given, and that socket's
    ``send`` then reads a hello reply as its answer (a TypeError in python-miio). Handshaking
    first and waiting keeps the timed sends clear of them.

    A stray can also answer another Device's handshake, which then learns the wrong device id:
    each Device's id is checked against the simulator's, and a wrong one shakes hands again.
    """
    pending = list(devices)
    for _ in range(5):
        if pool is None or len(pending) < 2:
            for device in pending:
                device.send_handshake()
        else:
            list(pool.map(lambda device: device.send_handshake(), pending))
        threading.Event().wait(0.1)
        pending = [device for device in pending if not _knows_its_id(device)]
        MIIO_WRONG_HANDSHAKES[0] += len(pending)
        if not pending:
            return
        pool = None  # one at a time from now on
    raise BenchmarkBrokenError(f"python-miio's handshake with {pending[0].ip} keeps failing")


def _knows_its_id(device: Any) -> bool:
    """Whether a Device's handshake learnt the device id the simulator gave that host."""
    expected = DEVICE_IDS.get(device.ip)
    return expected is None or device.device_id == expected


def check_miio_result(result: Any) -> None:
    """Fail loudly when python-miio's poll did not read every property."""
    if not isinstance(result, list) or len(result) != len(PROPS):
        raise BenchmarkBrokenError(f"python-miio read {result!r}")
    if any(item.get("code") != 0 for item in result):
        raise BenchmarkBrokenError(f"python-miio read errors: {result!r}")


def check_ours_result(result: Any) -> None:
    """Fail loudly when our poll did not read every property."""
    if len(result) != len(PROPS) or any(getattr(item, "code", 0) != 0 for item in result):
        raise BenchmarkBrokenError(f"our client read {result!r}")


# --- the codec ----------------------------------------------------------------------------------


SAMPLE_DEVICE_ID = 264_080_293
SAMPLE_STAMP = 1_234_567
SAMPLE_ID = 4242
SAMPLE_REQUEST = {"id": SAMPLE_ID, "method": "get_properties", "params": PARAMS}
SAMPLE_REPLY = {
    "id": SAMPLE_ID,
    "result": [
        {"did": "2-1", "siid": 2, "piid": 1, "code": 0, "value": True},
        {"did": "2-2", "siid": 2, "piid": 2, "code": 0, "value": 2},
        {"did": "2-4", "siid": 2, "piid": 4, "code": 0, "value": 26.5},
        {"did": "2-7", "siid": 2, "piid": 7, "code": 0, "value": False},
        {"did": "3-2", "siid": 3, "piid": 2, "code": 0, "value": 0},
        {"did": "3-4", "siid": 3, "piid": 4, "code": 0, "value": 3},
        {"did": "4-7", "siid": 4, "piid": 7, "code": 0, "value": 27.3},
        {"did": "8-1", "siid": 8, "piid": 1, "code": 0, "value": 1},
    ],
}


def our_codec() -> tuple[Callable[[dict[str, Any]], bytes], Callable[[bytes], Any]]:
    """Our client's encode (JSON + packet) and decode (packet + JSON), named defensively.

    The codec's internals may be renamed; ``MiioCodec(token).encode(device_id, stamp, plaintext)``
    and ``.decode(data).plaintext`` stay, and ``encode_json``/``decode_json`` when they exist.
    """
    from custom_components.xiaomi_living.client import protocol  # noqa: PLC0415

    codec = protocol.MiioCodec(TOKEN_BYTES)
    encode_json: Callable[[Any], bytes] = getattr(
        protocol, "encode_json", lambda message: json.dumps(message).encode() + b"\x00"
    )
    decode_json: Callable[[bytes], Any] = getattr(
        protocol, "decode_json", lambda plaintext: json.loads(plaintext.rstrip(b"\x00"))
    )

    def encode(message: dict[str, Any]) -> bytes:
        return bytes(codec.encode(SAMPLE_DEVICE_ID, SAMPLE_STAMP, encode_json(message)))

    def decode(data: bytes) -> Any:
        plaintext = codec.decode(data).plaintext
        if plaintext is None:
            raise BenchmarkBrokenError("our codec decoded a reply as a hello")
        return decode_json(plaintext)

    return encode, decode


def miio_codec() -> tuple[Callable[[dict[str, Any]], bytes], Callable[[bytes], Any]]:
    """python-miio's encode and decode, as ``Device.send`` calls them."""
    from miio.protocol import Message  # noqa: PLC0415

    header = {
        "length": 0,
        "unknown": 0,
        "device_id": SAMPLE_DEVICE_ID.to_bytes(4, "big"),
        "ts": dt.datetime.fromtimestamp(SAMPLE_STAMP, dt.UTC),
    }

    def encode(message: dict[str, Any]) -> bytes:
        built = {"data": {"value": message}, "header": {"value": header}, "checksum": 0}
        return bytes(Message.build(built, token=TOKEN_BYTES))

    def decode(data: bytes) -> Any:
        return Message.parse(data, token=TOKEN_BYTES).data.value

    return encode, decode


def bench_codec(loops: int, repeats: int) -> dict[str, Any]:
    """Time encode(request) + decode(reply), ours vs python-miio, after checking the bytes."""
    ours_encode, ours_decode = our_codec()
    miio_encode, miio_decode = miio_codec()
    request, reply = ours_encode(SAMPLE_REQUEST), ours_encode(SAMPLE_REPLY)
    if request != miio_encode(SAMPLE_REQUEST) or reply != miio_encode(SAMPLE_REPLY):
        raise BenchmarkBrokenError("our codec's bytes differ from python-miio's")
    if ours_decode(reply) != SAMPLE_REPLY or miio_decode(reply) != SAMPLE_REPLY:
        raise BenchmarkBrokenError("a codec does not decode the reply it was given")

    def timed(encode: Callable[[dict[str, Any]], bytes], decode: Callable[[bytes], Any]) -> float:
        start = time.perf_counter()
        for _ in range(loops):
            encode(SAMPLE_REQUEST)
            decode(reply)
        return (time.perf_counter() - start) / loops * 1e6

    ours, theirs = [], []
    for _ in range(repeats):
        gc.collect()
        ours.append(timed(ours_encode, ours_decode))
        gc.collect()
        theirs.append(timed(miio_encode, miio_decode))
    return {
        "ours_us": ours,
        "miio_us": theirs,
        "identical": True,
        "request_bytes": len(request),
        "reply_bytes": len(reply),
    }


# --- the floor probe ----------------------------------------------------------------------------


def _expire(future: asyncio.Future[bytes]) -> None:
    if not future.done():
        future.set_exception(TimeoutError("no hello reply"))


class FloorEndpoint(asyncio.DatagramProtocol):
    """One connected datagram socket: a hello out, its 32-byte reply resolves the waiting future."""

    def __init__(self) -> None:
        """Nothing is connected yet."""
        self.transport: asyncio.DatagramTransport | None = None
        self.waiter: asyncio.Future[bytes] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        assert isinstance(transport, asyncio.DatagramTransport)  # noqa: S101
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """Resolve the exchange in flight."""
        waiter = self.waiter
        if waiter is not None and not waiter.done() and len(data) == 32:
            waiter.set_result(data)

    def error_received(self, exc: Exception) -> None:
        """Fail the exchange in flight."""
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)

    async def exchange(self) -> bytes:
        """Send a hello and await the reply, with one timer that the reply cancels."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bytes] = loop.create_future()
        self.waiter = future
        timer = loop.call_later(EXCHANGE_TIMEOUT, _expire, future)
        assert self.transport is not None  # noqa: S101
        self.transport.sendto(HELLO)
        try:
            return await future
        finally:
            timer.cancel()
            self.waiter = None


class SharedFloorEndpoint(asyncio.DatagramProtocol):
    """The same exchange for every device over one socket, replies matched by address."""

    def __init__(self) -> None:
        """No exchange is in flight."""
        self.transport: asyncio.DatagramTransport | None = None
        self.waiters: dict[tuple[str, int], asyncio.Future[bytes]] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport, with a receive buffer for a whole fleet's replies."""
        assert isinstance(transport, asyncio.DatagramTransport)  # noqa: S101
        self.transport = transport
        sock = transport.get_extra_info("socket")
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """Resolve the exchange of the device that answered."""
        waiter = self.waiters.pop((addr[0], addr[1]), None)
        if waiter is not None and not waiter.done() and len(data) == 32:
            waiter.set_result(data)

    async def exchange(self, host: str) -> bytes:
        """Send a hello to ``host`` and await its reply, with one timer that the reply cancels."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[bytes] = loop.create_future()
        self.waiters[host, PORT] = future
        timer = loop.call_later(EXCHANGE_TIMEOUT, _expire, future)
        assert self.transport is not None  # noqa: S101
        self.transport.sendto(HELLO, (host, PORT))
        try:
            return await future
        finally:
            timer.cancel()


# --- the event loop's side ----------------------------------------------------------------------


class CountingExecutor(ThreadPoolExecutor):
    """The loop's default executor, counting the jobs given to it."""

    def __init__(self) -> None:
        """Start a small pool; our client should never use it."""
        super().__init__(max_workers=4, thread_name_prefix="bench-default")
        self.jobs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Count, then run as usual."""
        self.jobs += 1
        return super().submit(fn, *args, **kwargs)


class LagMonitor:
    """A callback rescheduling itself every millisecond; records how late each run was."""

    def __init__(self, period: float = 0.001) -> None:
        """Not running yet."""
        self.period = period
        self.worst = 0.0
        self.ticks = 0
        self._expected = 0.0
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        """Start ticking on the running loop."""
        self._loop = asyncio.get_running_loop()
        self.worst, self.ticks = 0.0, 0
        self._expected = self._loop.time() + self.period
        self._handle = self._loop.call_at(self._expected, self._tick)

    def _tick(self) -> None:
        assert self._loop is not None  # noqa: S101
        now = self._loop.time()
        self.worst = max(self.worst, now - self._expected)
        self.ticks += 1
        self._expected = now + self.period
        self._handle = self._loop.call_at(self._expected, self._tick)

    def stop(self) -> float:
        """Stop ticking; return the worst lateness in seconds."""
        if self._handle is not None:
            self._handle.cancel()
        return self.worst


@dataclass(slots=True)
class Fleet:
    """Everything polled at one N: our clients, python-miio Devices, floor endpoints."""

    hosts: list[str]
    ours: list[MiioClient]
    miio: list[Any]
    floor: list[FloorEndpoint]
    shared_floor: SharedFloorEndpoint


async def timed_async(make: Callable[[], Awaitable[Any]]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of one awaited job, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = await make()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def timed_sync(make: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of one job, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = make()
    return time.perf_counter() - wall, time.process_time() - cpu, result


class Bench:
    """The measurements that share this process's event loop, the simulator and the thread pool."""

    def __init__(self, runner: asyncio.Runner, pool: ThreadPoolExecutor, ids: MiioIds) -> None:
        """Use ``runner``'s loop for ours and the floor, ``pool`` for python-miio."""
        self.runner = runner
        self.pool = pool
        self.ids = ids
        self.executor = CountingExecutor()
        self.ours_executor_jobs = 0
        runner.get_loop().set_default_executor(self.executor)

    def run[T](self, coro: Awaitable[T]) -> T:
        """Run a coroutine on the benchmark's loop."""

        async def wrapped() -> T:
            return await coro

        return self.runner.run(wrapped())

    # Fleets

    async def _open_fleet(self, hosts: list[str]) -> Fleet:
        loop = asyncio.get_running_loop()
        ours = [MiioClient(host, TOKEN) for host in hosts]
        floor = []
        for host in hosts:
            _, endpoint = await loop.create_datagram_endpoint(
                FloorEndpoint, remote_addr=(host, PORT)
            )
            floor.append(endpoint)
        _, shared = await loop.create_datagram_endpoint(
            SharedFloorEndpoint,
            local_addr=("127.0.0.1", 0),
        )
        return Fleet(hosts, ours, [], floor, shared)

    def open_fleet(self, hosts: list[str]) -> Fleet:
        """Create and warm up every variant for ``hosts`` (the hello and one poll each)."""
        fleet = self.run(self._open_fleet(hosts))
        fleet.miio = [miio_device(host, self.ids) for host in hosts]
        miio_handshakes(fleet.miio, self.pool)
        self.poll_ours(fleet)
        self.poll_miio(fleet)
        self.poll_floor(fleet)
        self.poll_shared_floor(fleet)
        return fleet

    def close_fleet(self, fleet: Fleet) -> None:
        """Close our clients and the floor's sockets."""
        for client in fleet.ours:
            client.close()
        for endpoint in fleet.floor:
            if endpoint.transport is not None:
                endpoint.transport.close()
        if fleet.shared_floor.transport is not None:
            fleet.shared_floor.transport.close()
        self.run(asyncio.sleep(0))

    # One poll of the whole fleet: (wall seconds, CPU seconds)

    def poll_ours(self, fleet: Fleet) -> tuple[float, float]:
        """All our clients at once on the loop."""

        async def poll() -> list[Any]:
            return list(
                await asyncio.gather(*(client.get_properties(PROPS) for client in fleet.ours))
            )

        jobs = self.executor.jobs
        wall, cpu, results = self.run(timed_async(poll))
        self.ours_executor_jobs += self.executor.jobs - jobs
        for result in results:
            check_ours_result(result)
        return wall, cpu

    def poll_miio(self, fleet: Fleet) -> tuple[float, float]:
        """All python-miio Devices at once on the 64-thread pool."""

        def poll() -> list[Any]:
            return list(
                self.pool.map(lambda device: device.send("get_properties", PARAMS), fleet.miio)
            )

        wall, cpu, results = timed_sync(poll)
        for result in results:
            check_miio_result(result)
        return wall, cpu

    def poll_floor(self, fleet: Fleet) -> tuple[float, float]:
        """One bare exchange per device socket, all at once."""

        async def poll() -> list[bytes]:
            return await asyncio.gather(*(endpoint.exchange() for endpoint in fleet.floor))

        wall, cpu, _ = self.run(timed_async(poll))
        return wall, cpu

    def poll_shared_floor(self, fleet: Fleet) -> tuple[float, float]:
        """One bare exchange per device over one shared socket, all at once."""

        async def poll() -> list[bytes]:
            shared = fleet.shared_floor
            return await asyncio.gather(*(shared.exchange(host) for host in fleet.hosts))

        wall, cpu, _ = self.run(timed_async(poll))
        return wall, cpu

    # Figures

    def polls(self, hosts: list[str], repeats: int) -> dict[str, list[float]]:
        """Wall ms and CPU µs per device of one poll, per variant, alternating within a repeat."""
        drops = udp_receive_drops()
        fleet = self.open_fleet(hosts)
        warm_up_retries = _retries(fleet.ours)
        warm_up_drops = udp_receive_drops() - drops
        # One device polls too fast to time alone: a repeat of small N is the median of several
        inner = max(1, 100 // len(hosts))
        variants = {
            "ours": self.poll_ours,
            "miio": self.poll_miio,
            "floor": self.poll_floor,
            "shared_floor": self.poll_shared_floor,
        }
        figures: dict[str, list[float]] = {}
        try:
            for _ in range(repeats):
                for name, poll in variants.items():
                    walls, cpu = [], 0.0
                    gc.collect()
                    for _ in range(inner):
                        wall, used = poll(fleet)
                        walls.append(wall)
                        cpu += used
                    figures.setdefault(f"{name}_ms", []).append(statistics.median(walls) * 1e3)
                    figures.setdefault(f"{name}_cpu_us", []).append(cpu / inner / len(hosts) * 1e6)
            figures["retries"] = [float(_retries(fleet.ours) - warm_up_retries)]
            figures["warm_up_retries"] = [float(warm_up_retries)]
            figures["drops"] = [float(udp_receive_drops() - drops - warm_up_drops)]
            figures["warm_up_drops"] = [float(warm_up_drops)]
        finally:
            self.close_fleet(fleet)
        return figures

    def one_at_a_time(self, hosts: list[str], repeats: int) -> dict[str, list[float]]:
        """CPU µs per poll with each device polled alone, one after the other.

        On Home Assistant's schedule every poll has the loop to itself: no wakeup, syscall batch
        or task switch is shared with other devices' polls, as they are in a poll of all at once.
        """
        fleet = self.open_fleet(hosts)

        async def ours() -> None:
            for client in fleet.ours:
                check_ours_result(await client.get_properties(PROPS))

        async def floor() -> None:
            for endpoint in fleet.floor:
                await endpoint.exchange()

        def theirs() -> None:
            for device in fleet.miio:
                check_miio_result(self.pool.submit(device.send, "get_properties", PARAMS).result())

        figures: dict[str, list[float]] = {"ours_cpu_us": [], "miio_cpu_us": [], "floor_cpu_us": []}
        try:
            for _ in range(repeats):
                gc.collect()
                jobs = self.executor.jobs
                _, cpu, _ = self.run(timed_async(ours))
                self.ours_executor_jobs += self.executor.jobs - jobs
                figures["ours_cpu_us"].append(cpu / len(hosts) * 1e6)
                gc.collect()
                _, cpu, _ = timed_sync(theirs)
                figures["miio_cpu_us"].append(cpu / len(hosts) * 1e6)
                gc.collect()
                _, cpu, _ = self.run(timed_async(floor))
                figures["floor_cpu_us"].append(cpu / len(hosts) * 1e6)
        finally:
            self.close_fleet(fleet)
        return figures

    def round_trips(self, host: str, calls: int, repeats: int) -> dict[str, list[float]]:
        """Median ms of ``calls`` sequential calls to one device per repeat, both clients."""
        client = MiioClient(host, TOKEN)
        device = miio_device(host, self.ids)

        async def ours() -> float:
            times = []
            for _ in range(calls):
                start = time.perf_counter()
                check_ours_result(await client.get_properties(PROPS))
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1e3

        def theirs() -> float:
            times = []
            for _ in range(calls):
                start = time.perf_counter()
                check_miio_result(device.send("get_properties", PARAMS))
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1e3

        try:
            check_ours_result(self.run(client.get_properties(PROPS)))
            miio_handshakes([device])
            check_miio_result(device.send("get_properties", PARAMS))
            figures: dict[str, list[float]] = {"ours_ms": [], "miio_ms": []}
            for _ in range(repeats):
                jobs = self.executor.jobs
                figures["ours_ms"].append(self.run(ours()))
                self.ours_executor_jobs += self.executor.jobs - jobs
                figures["miio_ms"].append(theirs())
        finally:
            client.close()
        return figures

    def stalls_all_at_once(self, hosts: list[str], repeats: int) -> dict[str, list[float]]:
        """Worst loop lag (ms) while every device is polled at once: ours, python-miio, floor.

        python-miio runs the way Home Assistant runs it, each call an executor job awaited on the
        loop, so its figure is what its threads cost the loop's thread (the GIL, the callbacks).
        """
        fleet = self.open_fleet(hosts)
        loop = self.runner.get_loop()

        async def ours() -> None:
            for result in await asyncio.gather(*(c.get_properties(PROPS) for c in fleet.ours)):
                check_ours_result(result)

        async def theirs() -> None:
            for result in await asyncio.gather(
                *(
                    loop.run_in_executor(self.pool, device.send, "get_properties", PARAMS)
                    for device in fleet.miio
                )
            ):
                check_miio_result(result)

        async def floor() -> Any:
            return await asyncio.gather(*(endpoint.exchange() for endpoint in fleet.floor))

        async def watched(poll: Callable[[], Awaitable[Any]]) -> float:
            monitor = LagMonitor()
            monitor.start()
            await asyncio.sleep(0.02)
            await poll()
            await asyncio.sleep(0.02)
            return monitor.stop() * 1e3

        async def idle() -> None:
            await asyncio.sleep(0.05)

        variants = (("idle", idle), ("ours", ours), ("miio", theirs), ("floor", floor))
        figures: dict[str, list[float]] = {f"{name}_ms": [] for name, _ in variants}
        try:
            for _ in range(repeats):
                for name, poll in variants:
                    gc.collect()
                    jobs = self.executor.jobs
                    figures[f"{name}_ms"].append(self.run(watched(poll)))
                    if name == "ours":
                        self.ours_executor_jobs += self.executor.jobs - jobs
        finally:
            self.close_fleet(fleet)
        return figures

    def stalls_staggered(
        self, hosts: list[str], interval: float, cycles: int, repeats: int
    ) -> dict[str, list[float]]:
        """Worst loop lag (ms) with each device on its own timer, spread evenly over ``interval``.

        This is Home Assistant's schedule: every device's coordinator refreshes on its own timer,
        the timers set up one after the other; a timer callback starts the refresh as a task.
        """
        clients = [MiioClient(host, TOKEN) for host in hosts]

        async def warm_up() -> None:
            for result in await asyncio.gather(*(c.get_properties(PROPS) for c in clients)):
                check_ours_result(result)

        async def schedule() -> float:
            loop = asyncio.get_running_loop()
            tasks: set[asyncio.Task[Any]] = set()
            failures: list[BaseException] = []

            def done(task: asyncio.Task[Any]) -> None:
                tasks.discard(task)
                try:
                    check_ours_result(task.result())
                except Exception as err:  # noqa: BLE001 - reported after the run
                    failures.append(err)

            def fire(client: MiioClient) -> None:
                task = loop.create_task(client.get_properties(PROPS))
                tasks.add(task)
                task.add_done_callback(done)

            monitor = LagMonitor()
            monitor.start()
            start = loop.time() + 0.05
            handles = [
                loop.call_at(start + cycle * interval + index * interval / len(clients), fire, c)
                for cycle in range(cycles)
                for index, c in enumerate(clients)
            ]
            await asyncio.sleep(start + cycles * interval - loop.time())
            while tasks:
                await asyncio.wait(set(tasks))
            worst = monitor.stop()
            for handle in handles:
                handle.cancel()
            if failures:
                raise BenchmarkBrokenError(f"a staggered poll failed: {failures[0]!r}")
            return worst * 1e3

        figures: dict[str, list[float]] = {"ours_ms": []}
        try:
            self.run(warm_up())
            for _ in range(repeats):
                gc.collect()
                jobs = self.executor.jobs
                figures["ours_ms"].append(self.run(schedule()))
                self.ours_executor_jobs += self.executor.jobs - jobs
        finally:
            for client in clients:
                client.close()
        return figures


def udp_receive_drops() -> int:
    """Datagrams the kernel dropped for a full receive buffer, machine-wide (0 if unknown)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        rows = [
            line.split()
            for line in Path("/proc/net/snmp").read_text(encoding="utf-8").splitlines()
            if line.startswith("Udp:")
        ]
        return int(rows[1][rows[0].index("RcvbufErrors")])
    return 0


def _retries(clients: Sequence[MiioClient]) -> int:
    """Retries and timeouts our clients counted (0 when the counters are not there)."""
    total = 0
    for client in clients:
        diagnostics = getattr(client, "diagnostics", None)
        total += int(getattr(diagnostics, "retries", 0) or 0)
        total += int(getattr(diagnostics, "timeouts", 0) or 0)
    return total


# --- memory, in fresh processes -----------------------------------------------------------------


def _rss() -> int:
    pages = int(Path("/proc/self/statm").read_text(encoding="utf-8").split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir()) - 1  # not the one listing holds


MEMORY_WARM_UP = 10


def memory_probe(side: str, mode: str, hosts: list[str], first_block: int) -> dict[str, float]:
    """In this (fresh) process: what N more device clients hold after one poll each.

    A first fleet of ``MEMORY_WARM_UP`` clients runs every one-time path (lazy imports, the
    shared parts of the stack) before the baseline, so the growth is what each client adds.
    """
    warnings.simplefilter("ignore", DeprecationWarning)
    import miio  # noqa: PLC0415, F401 - imported before the baseline on both sides alike

    ids = MiioIds(first_block)
    loop = asyncio.new_event_loop()

    def fleet(targets: list[str]) -> list[Any]:
        if side == "ours":
            clients = [MiioClient(host, TOKEN) for host in targets]

            async def poll() -> None:
                for result in await asyncio.gather(*(c.get_properties(PROPS) for c in clients)):
                    check_ours_result(result)

            loop.run_until_complete(poll())
            return clients
        devices = [miio_device(host, ids) for host in targets]
        miio_handshakes(devices)
        for device in devices:
            check_miio_result(device.send("get_properties", PARAMS))
        return devices

    warm = fleet(hosts[:MEMORY_WARM_UP])
    gc.collect()
    if mode == "tracemalloc":
        tracemalloc.start()
    rss, fds = _rss(), _open_fds()
    held = fleet(hosts)
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0] if mode == "tracemalloc" else 0
    figures = {
        "rss_per_client": (_rss() - rss) / len(held),
        "traced_per_client": traced / len(held),
        "fds_after": float(_open_fds()),
        "fds_added": float(_open_fds() - fds),
        "warm_up_clients": float(len(warm)),
    }
    tracemalloc.stop()
    return figures


def bench_memory(hosts: list[str], repeats: int, first_block: int) -> dict[str, list[float]]:
    """Run the memory probe in fresh subprocesses, each side and each mode, ``repeats`` times."""
    figures: dict[str, list[float]] = {}
    pairs = [f"{host}={DEVICE_IDS.get(host, 0)}" for host in hosts]
    for repeat in range(repeats):
        for side in ("ours", "miio"):
            for mode in ("rss", "tracemalloc"):
                block = first_block + repeat * 4 + (mode == "tracemalloc") * 2
                output = subprocess.run(
                    [sys.executable, __file__, "--memory-probe", side, mode, str(block), *pairs],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=120,
                )
                if output.returncode != 0:
                    raise BenchmarkBrokenError(f"memory probe {side} {mode}: {output.stderr}")
                probe = json.loads(output.stdout.strip().splitlines()[-1])
                if mode == "rss":
                    figures.setdefault(f"{side}_rss_kib", []).append(probe["rss_per_client"] / 1024)
                    figures.setdefault(f"{side}_fds", []).append(probe["fds_after"])
                    figures.setdefault(f"{side}_fds_added", []).append(probe["fds_added"])
                else:
                    figures.setdefault(f"{side}_traced_kib", []).append(
                        probe["traced_per_client"] / 1024
                    )
    return figures


# --- the report ---------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _s(values: Sequence[float], digits: int = 1) -> str:
    return spread(values).text(digits)


def _ratio(values: Spread, digits: int = 1) -> str:
    return values.text(digits) + "x"


def _para(*parts: str) -> list[str]:
    """Join sentence fragments into one paragraph, and the blank line after it."""
    return [" ".join(parts), ""]


def _met(value: float, limit: float, *, at_most: bool = True) -> str:
    return "yes" if (value <= limit if at_most else value >= limit) else "**no**"


def _headline(results: dict[str, Any]) -> list[str]:
    """Compare the issue's targets with this run's medians, at N = 200."""
    at200 = results["polls"][200]
    codec, memory, stalls = results["codec"], results.get("memory"), results["stalls"]
    cpu = spread(at200["ours_cpu_us"])
    to_floor = ratios(at200["ours_cpu_us"], at200["floor_cpu_us"])
    alone = results["one_at_a_time"]
    alone_to_floor = ratios(alone["ours_cpu_us"], alone["floor_cpu_us"])
    codec_ratio = ratios(codec["miio_us"], codec["ours_us"])
    once, staggered = (
        spread(stalls["all_at_once"]["ours_ms"]),
        spread(stalls["staggered"]["ours_ms"]),
    )
    rows = [
        ["CPU per poll per device, ours", f"{cpu.text()} µs", "≤ 55 µs", _met(cpu.median, 55)],
        ["ours / floor probe (CPU)", _ratio(to_floor, 2), "≤ 1.5x", _met(to_floor.median, 1.5)],
        [
            "ours / floor probe (CPU), devices polled one at a time",
            _ratio(alone_to_floor, 2),
            "",
            "",
        ],
        [
            "python-miio / ours (CPU)",
            _ratio(ratios(at200["miio_cpu_us"], at200["ours_cpu_us"])),
            "",
            "",
        ],
        [
            "python-miio / ours (poll time)",
            _ratio(ratios(at200["miio_ms"], at200["ours_ms"])),
            "",
            "",
        ],
        [
            "codec, python-miio / ours",
            _ratio(codec_ratio),
            "≥ 6x, bytes identical",
            _met(codec_ratio.median, 6, at_most=False),
        ],
    ]
    if memory:
        rss = ratios(memory["ours_rss_kib"], memory["miio_rss_kib"])
        fds = spread(memory["ours_fds_added"])
        count = results["settings"]["memory_count"]
        rows += [
            [
                f"memory per client at N = {count}, ours / python-miio (RSS)",
                _ratio(rss, 2),
                "≤ 1x",
                _met(rss.median, 1),
            ],
            [
                f"file descriptors our {count} clients added",
                fds.text(0),
                "O(1)",
                _met(fds.median, 4),
            ],
        ]
    rows += [
        ["worst loop stall, 200 at once", f"{once.text()} ms", "≤ 10 ms", _met(once.median, 10)],
        [
            "worst loop stall, 200 on Home Assistant's schedule",
            f"{staggered.text()} ms",
            "≤ 5 ms",
            _met(staggered.median, 5),
        ],
        [
            "executor jobs, ours",
            str(results["executor_jobs"]),
            "0",
            _met(results["executor_jobs"], 0),
        ],
    ]
    return ["## Headline (N = 200)", "", *_table(["figure", "this run", "target", "met"], rows)]


def _poll_tables(polls: dict[int, dict[str, list[float]]]) -> list[str]:
    sizes = sorted(polls)
    header = ["N", "ours", "python-miio", "floor", "floor, shared socket"]
    header += ["python-miio / ours", "ours / floor"]
    lines: list[str] = []
    for title, key, digits in (
        ("Time of one poll of N devices at once (ms)", "ms", 2),
        ("Client CPU per poll per device (µs)", "cpu_us", 1),
    ):
        rows = []
        for n in sizes:
            figure = polls[n]
            ours, miio, floor = figure[f"ours_{key}"], figure[f"miio_{key}"], figure[f"floor_{key}"]
            rows.append(
                [
                    str(n),
                    _s(ours, digits),
                    _s(miio, digits),
                    _s(floor, digits),
                    _s(figure[f"shared_floor_{key}"], digits),
                    _ratio(ratios(miio, ours)),
                    _ratio(ratios(ours, floor), 2),
                ]
            )
        lines += [f"## {title}", "", *_table(header, rows)]
    if any(100 // n > 1 for n in sizes):
        lines += _para(
            "Below N = 100 a repeat is the median of 100 // N polls (CPU: their mean), one poll",
            "being too short to time alone.",
        )

    def counts(key: str) -> str:
        return ", ".join(
            f"{int(polls[n][key][0])} ({int(polls[n][f'warm_up_{key}'][0])}) at N = {n}"
            for n in sizes
        )

    lines += _para(
        "Retries and timeouts our clients counted in the timed polls, and in brackets in the",
        f"warm-up (each client's first poll, its hello included): {counts('retries')}.",
        "Datagrams the kernel dropped for a full receive buffer (`RcvbufErrors` of",
        f"/proc/net/snmp, all processes, all variants): {counts('drops')}.",
    )
    return lines


def _one_at_a_time(results: dict[str, Any]) -> list[str]:
    alone = results["one_at_a_time"]
    ours, miio, floor = alone["ours_cpu_us"], alone["miio_cpu_us"], alone["floor_cpu_us"]
    lines = [f"## Client CPU per poll, {alone['count']} devices polled one at a time (µs)", ""]
    lines += _table(
        ["ours", "python-miio", "floor", "python-miio / ours", "ours / floor"],
        [
            [
                _s(ours),
                _s(miio),
                _s(floor),
                _ratio(ratios(miio, ours)),
                _ratio(ratios(ours, floor), 2),
            ]
        ],
    )
    lines += _para(
        "Each poll awaited before the next starts, as on Home Assistant's schedule, where a poll",
        "has the loop to itself: its wakeups and syscalls are not shared with other devices'",
        "polls as they are when all are polled at once. python-miio: one executor job at a time.",
    )
    return lines


def _codec_and_round_trip(results: dict[str, Any]) -> list[str]:
    codec, rtt = results["codec"], results["round_trip"]
    lines = ["## Codec: encode a get_properties request, decode its reply (µs)", ""]
    lines += _table(
        ["ours", "python-miio", "python-miio / ours", "bytes identical"],
        [
            [
                _s(codec["ours_us"]),
                _s(codec["miio_us"]),
                _ratio(ratios(codec["miio_us"], codec["ours_us"])),
                f"yes ({codec['request_bytes']} + {codec['reply_bytes']} bytes)",
            ]
        ],
    )
    lines += _para(
        "Per repeat, the mean of a loop of encode + decode. Ours: `MiioCodec.encode` of",
        "`encode_json(request)`, `decode_json` of `MiioCodec.decode(reply).plaintext`;",
        "python-miio: `Message.build` and `Message.parse`; the same token, device id and stamp.",
        "A mismatch of bytes fails the benchmark.",
    )
    calls = results["settings"]["calls"]
    lines += [f"## Round trip of one call to one device (ms, median of {calls})", ""]
    lines += _table(
        ["ours", "python-miio", "python-miio / ours"],
        [
            [
                _s(rtt["ours_ms"], 3),
                _s(rtt["miio_ms"], 3),
                _ratio(ratios(rtt["miio_ms"], rtt["ours_ms"]), 2),
            ]
        ],
    )
    return lines


def _memory(results: dict[str, Any]) -> list[str]:
    memory, settings = results.get("memory"), results["settings"]
    if not memory:
        return []
    lines = [
        f"## Memory per device client, {settings['memory_count']} devices after one poll each",
        "",
    ]
    lines += _table(
        ["", "ours", "python-miio", "ours / python-miio"],
        [
            [
                "RSS growth per client (KiB)",
                _s(memory["ours_rss_kib"], 2),
                _s(memory["miio_rss_kib"], 2),
                _ratio(ratios(memory["ours_rss_kib"], memory["miio_rss_kib"]), 2),
            ],
            [
                "tracemalloc per client (KiB)",
                _s(memory["ours_traced_kib"], 2),
                _s(memory["miio_traced_kib"], 2),
                _ratio(ratios(memory["ours_traced_kib"], memory["miio_traced_kib"]), 2),
            ],
            [
                "open file descriptors of the process (added by the N clients)",
                f"{_s(memory['ours_fds'], 0)} ({_s(memory['ours_fds_added'], 0)})",
                f"{_s(memory['miio_fds'], 0)} ({_s(memory['miio_fds_added'], 0)})",
                "",
            ],
        ],
    )
    lines += _para(
        f"Median (min-max) of {settings['memory_repeats']} fresh processes per side and figure:",
        "RSS in one, tracemalloc in another, so that tracing does not inflate RSS. Both sides",
        f"import python-miio and poll a first fleet of {MEMORY_WARM_UP} clients before the",
        "baseline, so that one-time costs (lazy imports, a shared socket) are not counted per",
        "client; then N more clients are created and poll once (python-miio's Devices one after",
        "the other).",
    )
    return lines


def _stalls(results: dict[str, Any]) -> list[str]:
    once, staggered = results["stalls"]["all_at_once"], results["stalls"]["staggered"]
    cycles = staggered["cycles"]
    lines = ["## Event-loop stalls (worst lateness of a 1 ms ticker, ms)", ""]
    lines += _table(
        ["schedule", "ours", "python-miio (executor jobs)", "floor", "idle loop"],
        [
            [
                f"{once['count']} devices at once",
                _s(once["ours_ms"]),
                _s(once["miio_ms"]),
                _s(once["floor_ms"]),
                _s(once["idle_ms"]),
            ],
            [
                (
                    f"{staggered['count']} devices, each on its own timer, spread over "
                    f"{staggered['interval']:g} s, {cycles} cycle{'s' if cycles > 1 else ''}"
                ),
                _s(staggered["ours_ms"]),
                "",
                "",
                "",
            ],
        ],
    )
    lines += _para(
        "The idle loop is the ticker alone: this machine's noise. python-miio's calls run as Home",
        "Assistant runs them, `loop.run_in_executor` on the",
        f"{HA_EXECUTOR_THREADS}-thread pool, so its figure is what its threads cost the loop.",
        f"Executor jobs our client submitted in the whole run: {results['executor_jobs']}.",
    )
    return lines


def readme_section(results: dict[str, Any]) -> str:
    """Write the README's short Benchmark section: the poll table and the plot, from this run."""
    polls, machine = results["polls"], results["machine"]
    codec, memory = results["codec"], results.get("memory")
    rows = []
    for n in sorted(polls):
        figure = polls[n]
        rows.append(
            [
                str(n),
                f"{spread(figure['ours_ms']).median:.2f}",
                f"{spread(figure['miio_ms']).median:.2f}",
                f"{spread(figure['ours_cpu_us']).median:.0f}",
                f"{spread(figure['miio_cpu_us']).median:.0f}",
                f"{spread(figure['floor_cpu_us']).median:.0f}",
                f"{ratios(figure['ours_cpu_us'], figure['floor_cpu_us']).median:.1f}x",
            ]
        )
    header = ["N", "poll, ours (ms)", "poll, python-miio (ms)", "CPU/device, ours (µs)"]
    header += ["CPU/device, python-miio (µs)", "CPU/device, floor (µs)", "ours / floor"]
    lines = ["### Benchmark", ""]
    lines += _para(
        "`scripts/bench` measures our asyncio client against python-miio (`Device.send` on a",
        f"{HA_EXECUTOR_THREADS}-thread pool, as Home Assistant's executor runs it) and against a",
        "floor probe (one bare asyncio datagram exchange per device, what any asyncio client",
        "spends at least), side by side in one run on the simulator in its own process:",
        f"{results['settings']['repeats']} repeats, medians; `--write` updates",
        "[docs/benchmarks.md](docs/benchmarks.md) with the spreads, the codec, round trip,",
        "memory, file descriptors, loop stalls and the machine. `scripts/bench --quick` (N = 1",
        "and 50, under a minute) runs in `scripts/test` and fails only on a broken benchmark,",
        "never on a timing.",
    )
    lines += _para(
        f"Last run ({results['date']}, {machine['cores']} cores, {machine['Python']},",
        f"load average {results['load_start'][0]:.2f}), one poll of N devices at once:",
    )
    lines += _table(header, rows)
    codec_ratio = ratios(codec["miio_us"], codec["ours_us"]).median
    extra = [f"codec {codec_ratio:.1f}x python-miio's (bytes identical)"]
    if memory:
        extra.append(
            f"memory per client at N = {results['settings']['memory_count']} "
            f"{spread(memory['ours_rss_kib']).median:.1f} KiB RSS vs "
            f"{spread(memory['miio_rss_kib']).median:.1f}, "
            f"{spread(memory['ours_fds_added']).median:.0f} file descriptors added"
        )
    once, staggered = results["stalls"]["all_at_once"], results["stalls"]["staggered"]
    extra.append(
        f"worst loop stall {spread(once['ours_ms']).median:.1f} ms with {once['count']} at once, "
        f"{spread(staggered['ours_ms']).median:.1f} ms on Home Assistant's schedule"
    )
    extra.append(f"{results['executor_jobs']} executor jobs")
    lines += _para("Also in that run:", "; ".join(extra) + ".")
    lines += ["![Time and CPU per poll vs N](docs/images/benchmark.png)", ""]
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    """Render the Markdown report."""
    settings, polls = results["settings"], results["polls"]
    command = "scripts/bench --quick" if settings["quick"] else "scripts/bench"
    load_start = ", ".join(f"{value:.2f}" for value in results["load_start"])
    load_end = ", ".join(f"{value:.2f}" for value in results["load_end"])
    lines = ["# Benchmarks", ""]
    lines += _para(
        "Our asyncio miIO client against python-miio, and against a floor probe: what any asyncio",
        f"client must at least spend on the same exchanges. Measured by `{command}` in one run on",
        "the simulator (a separate process, so its CPU is not counted);",
        f"{settings['repeats']} repeats, each figure the median with its spread (min-max) over",
        "the repeats, ratios computed per repeat. Compare within one run, not across machines.",
    )
    lines += _para(
        f"Run {results['date']}, {results['wall_s']:.0f} s wall time. Load average (1, 5, 15",
        f"min): {load_start} at the start, {load_end} at the end.",
    )
    bullets = (
        (
            "**ours**: `MiioClient.get_properties` of 8 MIoT properties, all N devices at once",
            "with `asyncio.gather` on one event loop.",
        ),
        (
            '**python-miio**: `Device.send("get_properties", ...)` of the same 8 properties on a',
            f"{HA_EXECUTOR_THREADS}-thread `ThreadPoolExecutor`, the size of Home Assistant's.",
            "Each Device shakes hands before it is timed. python-miio's handshake sends three",
            "hellos and keeps the first reply; a later socket given the same port can read a stray",
            "one, so the benchmark waits 0.1 s after the handshakes and repeats any that learnt",
            f"another device's id ({results.get('miio_wrong_handshakes', 0)} in this run).",
        ),
        (
            "**floor**: per device one connected asyncio datagram socket, the 32-byte hello out,",
            "the 32-byte reply resolving a future, one `call_later` timeout per exchange cancelled",
            "on reply. **floor, shared socket**: the same over one socket for all devices.",
        ),
        (
            "**CPU per device**: `time.process_time()` of the benchmark process across one poll",
            "(python-miio's threads included) divided by N.",
        ),
    )
    lines += ["- " + " ".join(bullet) for bullet in bullets] + [""]
    if 200 in polls:
        lines += _headline(results)
    if results.get("plot"):
        lines += [f"![Time and CPU per poll vs N: ours, python-miio, floor]({results['plot']})", ""]
    lines += _poll_tables(polls)
    lines += _one_at_a_time(results)
    lines += _codec_and_round_trip(results)
    lines += _memory(results)
    lines += _stalls(results)
    lines += ["## Machine", ""]
    lines += _table(["", ""], [[key, value] for key, value in results["machine"].items()])
    return "\n".join(lines).rstrip("\n") + "\n"


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line and fill in the defaults of a full or a quick run."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="N = 1, 50, fewer repeats (< 60 s)")
    parser.add_argument("--sizes", type=lambda v: [int(n) for n in v.split(",")], default=None)
    parser.add_argument("--repeats", type=int, default=None, help="repeats per figure (5)")
    parser.add_argument("--calls", type=int, default=None, help="round trips per repeat (200)")
    parser.add_argument("--codec-loops", type=int, default=None, help="codec loops (2000)")
    parser.add_argument("--stagger-interval", type=float, default=None, help="seconds (10)")
    parser.add_argument("--stagger-cycles", type=int, default=None, help="cycles (2)")
    parser.add_argument("--first-host", default="127.0.2.1")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md and plot")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--memory-probe", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = args.quick
    defaults = {
        "sizes": [1, 50] if quick else [1, 50, 200, 500],
        "repeats": 2 if quick else 5,
        "calls": 30 if quick else 200,
        "codec_loops": 300 if quick else 2000,
        "stagger_interval": 2.0 if quick else 10.0,
        "stagger_cycles": 1 if quick else 2,
    }
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, in one run."""
    started = time.perf_counter()
    load_start = load_average()
    sizes: list[int] = sorted(args.sizes)
    stall_count = min(200, sizes[-1])
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": describe_machine(),
        "load_start": load_start,
        "settings": {
            "quick": args.quick,
            "repeats": args.repeats,
            "calls": args.calls,
            "memory_count": sizes[-1],
            "memory_repeats": 1 if args.quick else 3,
        },
    }

    def step(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    step("codec")
    results["codec"] = bench_codec(args.codec_loops, args.repeats)
    with (
        simulator(args.first_host, sizes[-1]) as hosts,
        ThreadPoolExecutor(HA_EXECUTOR_THREADS, thread_name_prefix="miio") as pool,
        asyncio.Runner() as runner,
    ):
        step(f"{len(hosts)} simulated devices ready")
        list(pool.map(lambda _: None, range(HA_EXECUTOR_THREADS * 4)))  # start the threads
        bench = Bench(runner, pool, MiioIds())
        step("round trips")
        results["round_trip"] = bench.round_trips(hosts[0], args.calls, args.repeats)
        results["polls"] = {}
        for n in sizes:
            step(f"polls of {n}")
            results["polls"][n] = bench.polls(hosts[:n], args.repeats)
        step(f"CPU per poll, {stall_count} devices one at a time")
        results["one_at_a_time"] = {
            "count": stall_count,
            **bench.one_at_a_time(hosts[:stall_count], args.repeats),
        }
        step(f"stalls, {stall_count} at once")
        once = bench.stalls_all_at_once(hosts[:stall_count], args.repeats)
        step(f"stalls, {stall_count} staggered")
        staggered = bench.stalls_staggered(
            hosts[:stall_count], args.stagger_interval, args.stagger_cycles, args.repeats
        )
        results["stalls"] = {
            "all_at_once": {"count": stall_count, **once},
            "staggered": {
                "count": stall_count,
                "interval": args.stagger_interval,
                "cycles": args.stagger_cycles,
                **staggered,
            },
        }
        results["executor_jobs"] = bench.ours_executor_jobs
        results["miio_wrong_handshakes"] = MIIO_WRONG_HANDSHAKES[0]
        bench.executor.shutdown()
        step(f"memory, {len(hosts)} devices, fresh processes")
        results["memory"] = bench_memory(hosts, 1 if args.quick else 3, first_block=10)
    results["load_end"] = load_average()
    results["wall_s"] = time.perf_counter() - started
    step("done")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the report, and write it with ``--write``."""
    args = parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)  # python-miio's, on Python 3.13
    if args.memory_probe:
        side, mode, block, *pairs = args.memory_probe
        hosts = []
        for pair in pairs:
            host, _, device_id = pair.partition("=")
            hosts.append(host)
            if int(device_id or 0):
                DEVICE_IDS[host] = int(device_id)
        print(json.dumps(memory_probe(side, mode, hosts, int(block))))
        return 0
    raise_fd_limit()
    try:
        results = run(args)
    except BenchmarkBrokenError as err:
        print(f"the benchmark is broken: {err}", file=sys.stderr)
        return 1
    if args.write:
        from bench_plot import plot  # noqa: PLC0415 - only --write draws

        PLOT.parent.mkdir(parents=True, exist_ok=True)
        if plot(results, PLOT):
            results["plot"] = os.path.relpath(PLOT, DOC.parent)
    report = render(results)
    print(report)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    if args.write:
        DOC.write_text(report, encoding="utf-8")
        print(
            f"wrote {DOC.relative_to(ROOT)}; the README's section from this run:", file=sys.stderr
        )
        print(readme_section(results), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
