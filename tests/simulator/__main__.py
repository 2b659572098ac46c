"""Run simulated devices from the command line until SIGINT or SIGTERM.

    python -m tests.simulator --device xiaomi.aircondition.mc4@127.0.0.2 --count 3

For every device it prints one line ``READY <model> <host> <token-hex> <device-id>`` once the device
serves, then runs until interrupted and exits 0.

``--seed S`` makes every device's faults reproducible, each device with its own random sequence
(drawn from S and the device's place on the command line), so that devices do not all lose the
same packets. ``--reboot-every SECONDS`` reboots each device at random intervals averaging that
long, each reboot taking it offline for about ``--reboot-downtime`` seconds, as a real one does.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import ipaddress
import random
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, Final

from .device import MIIO_PORT, SimulatedDevice
from .faults import Faults
from .fleet import STARTABLE, Simulator
from .tv import HTTP_PORT, WOL_PORT


def _device(value: str) -> tuple[str, ipaddress.IPv4Address]:
    model, _, host = value.partition("@")
    if model not in STARTABLE:
        raise argparse.ArgumentTypeError(f"unknown model {model!r}; known: {', '.join(STARTABLE)}")
    try:
        return model, ipaddress.IPv4Address(host)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not MODEL@IPV4") from err


def _token(value: str) -> bytes:
    try:
        token = bytes.fromhex(value)
    except ValueError:
        token = b""
    if len(token) != 16:
        raise argparse.ArgumentTypeError("a token is 32 hex digits")
    return token


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of seconds")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--device",
        type=_device,
        action="append",
        required=True,
        metavar="MODEL@HOST",
        help="a device to simulate; repeatable",
    )
    parser.add_argument("--token", type=_token, help="token of every device (default: random)")
    parser.add_argument(
        "--count", type=int, default=1, help="devices per --device, on consecutive addresses"
    )
    parser.add_argument("--loss", type=float, default=0.0, help="datagram loss fraction 0-1")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added reply latency (ms)")
    parser.add_argument(
        "--seed",
        type=int,
        help="seed for the loss, garbage and reboot faults (each device gets its own sequence)",
    )
    parser.add_argument("--port", type=int, default=MIIO_PORT, help="miIO UDP port")
    parser.add_argument("--http-port", type=int, default=HTTP_PORT, help="TV HTTP API port")
    parser.add_argument("--wol-port", type=int, default=WOL_PORT, help="TV wake-on-LAN port")
    parser.add_argument(
        "--physics-speed",
        type=float,
        default=0.0,
        help="simulated seconds per real second for room temperature and energy (0: off)",
    )
    parser.add_argument(
        "--reboot-every",
        type=_positive,
        metavar="SECONDS",
        help="reboot each device at random intervals averaging SECONDS (default: never)",
    )
    parser.add_argument(
        "--reboot-downtime",
        type=float,
        default=DEFAULT_REBOOT_DOWNTIME,
        metavar="SECONDS",
        help="how long a reboot keeps a device offline, on average "
        f"(half to one and a half times this; default {DEFAULT_REBOOT_DOWNTIME})",
    )
    return parser


DEFAULT_REBOOT_DOWNTIME: Final = 1.5

type Sleep = Callable[[float], Awaitable[object]]


def device_seed(seed: int | None, index: int, purpose: str) -> int | None:
    """Derive the seed of one device's random ``purpose`` (faults, reboots) from ``--seed``.

    ``index`` is the device's place among all devices of the command line, so a device keeps its
    sequence when others are added after it.
    """
    if seed is None:
        return None
    digest = hashlib.sha256(f"{seed}/{index}/{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def device_options(args: argparse.Namespace) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield model, host and creation options of every device the arguments ask for."""
    index = 0
    for model, first_host in args.device:
        for offset in range(args.count):
            faults = Faults(
                loss=args.loss,
                latency=args.latency_ms / 1000,
                seed=device_seed(args.seed, index, "faults"),
            )
            options: dict[str, Any] = {
                "port": args.port,
                "token": args.token,
                "faults": faults,
                "physics_speed": args.physics_speed,
            }
            if STARTABLE[model].family == "tv":
                options |= {"http_port": args.http_port, "wol_port": args.wol_port}
            yield model, str(first_host + offset), options
            index += 1


async def reboot_randomly(
    device: SimulatedDevice,
    every: float,
    downtime: float,
    rng: random.Random,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Reboot ``device`` after exponentially distributed waits averaging ``every`` seconds, forever.

    A reboot keeps the device offline for a uniformly drawn half to one and a half times
    ``downtime`` (nothing is answered, hello included), as a unit that loses power does, and it
    comes back with its clock and id memory restarted.
    """
    while True:
        await sleep(rng.expovariate(1 / every))
        offline = rng.uniform(0.5 * downtime, 1.5 * downtime)
        if offline > 0:
            device.faults.offline = True
            try:
                await sleep(offline)
            finally:
                device.faults.offline = False
        device.reboot()


async def _serve(args: argparse.Namespace) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    fleet = Simulator()
    rebooters: list[asyncio.Task[None]] = []
    try:
        for index, (model, host, options) in enumerate(device_options(args)):
            device = await fleet(model, host=host, **options)
            sys.stdout.write(
                f"READY {device.model} {device.host} {device.token_hex} {device.device_id}\n"
            )
            sys.stdout.flush()
            if args.reboot_every is not None:
                rng = random.Random(device_seed(args.seed, index, "reboots"))
                reboots = reboot_randomly(device, args.reboot_every, args.reboot_downtime, rng)
                rebooters.append(asyncio.create_task(reboots))
        await stopping.wait()
    finally:
        for rebooter in rebooters:
            rebooter.cancel()
        await asyncio.gather(*rebooters, return_exceptions=True)
        await fleet.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, serve the devices, and return the exit status."""
    args = _parser().parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except OSError as err:
        sys.stderr.write(f"cannot start the simulator: {err}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
