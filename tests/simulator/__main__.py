"""Run simulated devices from the command line until SIGINT or SIGTERM.

    python -m tests.simulator --device xiaomi.aircondition.mc4@127.0.0.2 --count 3

For every device it prints one line ``READY <model> <host> <token-hex> <device-id>`` once the device
serves, then runs until interrupted and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import signal
import sys
from collections.abc import Sequence

from .device import MIIO_PORT
from .faults import Faults
from .fleet import ALL_PROFILES, Simulator
from .tv import HTTP_PORT, WOL_PORT


def _device(value: str) -> tuple[str, ipaddress.IPv4Address]:
    model, _, host = value.partition("@")
    if model not in ALL_PROFILES:
        raise argparse.ArgumentTypeError(
            f"unknown model {model!r}; known: {', '.join(ALL_PROFILES)}"
        )
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
    parser.add_argument("--seed", type=int, help="seed for the loss and garbage faults")
    parser.add_argument("--port", type=int, default=MIIO_PORT, help="miIO UDP port")
    parser.add_argument("--http-port", type=int, default=HTTP_PORT, help="TV HTTP API port")
    parser.add_argument("--wol-port", type=int, default=WOL_PORT, help="TV wake-on-LAN port")
    parser.add_argument(
        "--physics-speed",
        type=float,
        default=0.0,
        help="simulated seconds per real second for room temperature and energy (0: off)",
    )
    return parser


async def _serve(args: argparse.Namespace) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    fleet = Simulator()
    try:
        for model, first_host in args.device:
            for index in range(args.count):
                options = {
                    "port": args.port,
                    "token": args.token,
                    "faults": Faults(
                        loss=args.loss, latency=args.latency_ms / 1000, seed=args.seed
                    ),
                    "physics_speed": args.physics_speed,
                }
                if ALL_PROFILES[model].family == "tv":
                    options |= {"http_port": args.http_port, "wol_port": args.wol_port}
                device = await fleet(model, host=str(first_host + index), **options)
                sys.stdout.write(
                    f"READY {device.model} {device.host} {device.token_hex} {device.device_id}\n"
                )
                sys.stdout.flush()
        await stopping.wait()
    finally:
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
