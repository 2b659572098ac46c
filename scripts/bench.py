"""Benchmark our asyncio miIO client against python-miio, side by side, on the simulator.

Run with `scripts/bench` (it sets up .venv first). It starts the simulator as a separate process
serving N simulated ACs on 127.0.2.1 upward, then measures in one run:

1. round trip of one get_properties call to one device (median of many), ours vs python-miio;
2. one poll of every device at once: ours on one event loop, python-miio on a thread pool the
   size Home Assistant would use;
3. memory held per device client (tracemalloc), ours vs python-miio.

Results are ratios measured in the same run on the same machine; no absolute number is a target.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import random
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.xiaomi_living.client import MiioClient  # noqa: E402

TOKEN = "00112233445566778899aabbccddeeff"  # noqa: S105 - the simulator's demo token
MODEL = "xiaomi.aircondition.mc4"
PROPS = [(2, 1), (2, 2), (2, 4), (2, 7), (3, 2), (3, 4), (4, 7), (8, 1)]
PARAMS = [{"did": f"{s}-{p}", "siid": s, "piid": p} for s, p in PROPS]


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
        hosts = []
        assert process.stdout is not None  # noqa: S101 - stdout is a pipe
        while len(hosts) < count:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError("the simulator stopped before all devices were ready")
            if line.startswith("READY "):
                hosts.append(line.split()[2])
        # Keep reading what the simulator prints, so that a full pipe never stalls it
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield hosts
    finally:
        process.terminate()
        process.wait(timeout=10)


async def ours_round_trips(host: str, calls: int) -> list[float]:
    """Time `calls` sequential get_properties calls with our client."""
    async with MiioClient(host, TOKEN) as client:
        await client.get_properties(PROPS)
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            await client.get_properties(PROPS)
            times.append(time.perf_counter() - start)
    return times


def _miio_device(host: str):
    """Create a python-miio Device with fresh message ids.

    Devices ignore ids they saw recently; python-miio starts every new Device at the same id, which
    would make the later stages wait out its 5 s timeouts (the very bug our client avoids).
    """
    import miio  # noqa: PLC0415 - slow import, only for the comparison

    return miio.Device(host, TOKEN, timeout=2, start_id=random.randrange(100, 9000))  # noqa: S311


def miio_round_trips(host: str, calls: int) -> list[float]:
    """Time `calls` sequential get_properties calls with python-miio's Device."""
    device = _miio_device(host)
    device.send("get_properties", PARAMS)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        device.send("get_properties", PARAMS)
        times.append(time.perf_counter() - start)
    return times


async def ours_poll_all(hosts: list[str]) -> float:
    """Poll every device once, concurrently on this loop; return the wall time."""
    clients = [MiioClient(host, TOKEN) for host in hosts]
    try:
        await asyncio.gather(*(client.hello() for client in clients))
        start = time.perf_counter()
        await asyncio.gather(*(client.get_properties(PROPS) for client in clients))
        return time.perf_counter() - start
    finally:
        for client in clients:
            client.close()


def miio_poll_all(hosts: list[str], threads: int) -> float:
    """Poll every device once with python-miio on a thread pool; return the wall time."""
    devices = [_miio_device(host) for host in hosts]
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda d: d.send("miIO.info"), devices))
        start = time.perf_counter()
        list(pool.map(lambda d: d.send("get_properties", PARAMS), devices))
        return time.perf_counter() - start


def memory_per_client(hosts: list[str]) -> tuple[float, float]:
    """Bytes held per client object after one call each: (ours, python-miio)."""

    async def make_ours() -> list[MiioClient]:
        clients = [MiioClient(host, TOKEN) for host in hosts]
        await asyncio.gather(*(client.get_properties(PROPS) for client in clients))
        return clients

    def make_theirs() -> list[object]:
        devices = [_miio_device(host) for host in hosts]
        for device in devices:
            device.send("get_properties", PARAMS)
        return devices

    loop = asyncio.new_event_loop()
    gc.collect()
    tracemalloc.start()
    ours = loop.run_until_complete(make_ours())
    ours_bytes = tracemalloc.get_traced_memory()[0] / len(hosts)
    tracemalloc.stop()
    for client in ours:
        client.close()
    loop.close()

    gc.collect()
    tracemalloc.start()
    theirs = make_theirs()
    theirs_bytes = tracemalloc.get_traced_memory()[0] / len(theirs)
    tracemalloc.stop()
    return ours_bytes, theirs_bytes


def main() -> None:
    """Run every measurement and print a table of ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=200, help="simulated devices")
    parser.add_argument("--calls", type=int, default=300, help="sequential round trips")
    parser.add_argument("--threads", type=int, default=32, help="python-miio thread pool")
    parser.add_argument("--first-host", default="127.0.2.1")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # python-miio's, on Python 3.13

    with simulator(args.first_host, args.devices) as hosts:
        print(f"{len(hosts)} simulated devices ready", file=sys.stderr, flush=True)
        ours_rtt = statistics.median(asyncio.run(ours_round_trips(hosts[0], args.calls)))
        miio_rtt = statistics.median(miio_round_trips(hosts[0], args.calls))
        ours_all = asyncio.run(ours_poll_all(hosts))
        miio_all = miio_poll_all(hosts, args.threads)
        ours_mem, miio_mem = memory_per_client(hosts)

    rows = [
        ("round trip, 1 device (median)", ours_rtt * 1e3, miio_rtt * 1e3, "ms"),
        (f"poll {len(hosts)} devices at once", ours_all * 1e3, miio_all * 1e3, "ms"),
        ("memory per device client", ours_mem / 1024, miio_mem / 1024, "KiB"),
    ]
    print(f"{'measurement':<34} {'ours':>10} {'python-miio':>12} {'ours/miio':>10}")
    for name, ours, theirs, unit in rows:
        print(f"{name:<34} {ours:>8.2f}{unit:>2} {theirs:>10.2f}{unit:>2} {ours / theirs:>10.2f}")


if __name__ == "__main__":
    main()
