"""Soak the integration: many simulated ACs polled for minutes in a real Home Assistant.

Run with `scripts/soak` (it sets up the environment and gives the run a network of its own). This
starts pytest on scripts/soak_hass.py, which starts the simulator CLI in a separate process
(``--loss``, ``--seed``, ``--reboot-every``), adds one config entry per device to a test Home
Assistant (the harness's ``hass`` fixture, real time, no frozen clock) with the poll interval set
to ``--interval``, and lets it run. After a warm-up it samples the Home Assistant process (RSS, open
file descriptors, asyncio tasks, pending timers, Python objects) over one poll interval, again at
the end, and counts every switch of one of our entities to ``unavailable`` (a flap).

The report goes to stdout (and ``--out FILE``). The exit status is 0 only when everything stayed
flat and no entity flapped (see soak_hass.py for the tolerances).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_MODULE = Path(__file__).with_name("soak_hass.py")


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/soak",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--minutes", type=_positive, default=10.0, help="length of the run")
    parser.add_argument("--devices", type=int, default=50, help="simulated ACs, one entry each")
    parser.add_argument("--loss", type=float, default=0.1, help="datagram loss fraction 0-1")
    parser.add_argument("--interval", type=int, default=5, help="poll interval option (s, 5-300)")
    parser.add_argument(
        "--reboot-every",
        type=_positive,
        default=120.0,
        metavar="SECONDS",
        help="each device reboots at random intervals averaging this (default 120)",
    )
    parser.add_argument(
        "--warm-up",
        type=_positive,
        metavar="SECONDS",
        help="seconds before the first sample (default: 60, at most a quarter of the run)",
    )
    parser.add_argument("--seed", type=int, default=13, help="the simulator's seed")
    parser.add_argument(
        "--out",
        type=Path,
        help="also write the report to this file; relative to the checkout, and inside it for the "
        "newest harness (its chroot sees only the checkout)",
    )
    return parser


def main() -> None:
    """Check the options, hand them to the pytest module, and replace this process by pytest."""
    parser = _parser()
    args = parser.parse_args()
    if not 1 <= args.devices <= 500:
        parser.error("--devices must be 1-500")
    if not 5 <= args.interval <= 300:
        parser.error("--interval must be 5-300, as the options flow allows")
    if not 0 <= args.loss < 1:
        parser.error("--loss must be in [0, 1)")
    warm_up = args.warm_up if args.warm_up is not None else min(60.0, args.minutes * 15)
    if warm_up + 2 * args.interval >= args.minutes * 60:
        parser.error("the run must be longer than the warm-up and two poll intervals")
    settings = {
        "MINUTES": args.minutes,
        "DEVICES": args.devices,
        "LOSS": args.loss,
        "INTERVAL": args.interval,
        "REBOOT_EVERY": args.reboot_every,
        "WARM_UP": warm_up,
        "SEED": args.seed,
        "OUT": args.out.resolve() if args.out else "",
    }
    for name, value in settings.items():
        os.environ[f"XIAOMI_LIVING_SOAK_{name}"] = str(value)
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(TEST_MODULE),
        # Outside tests/: none of the suite's fixtures (short timeouts) apply, only the harness.
        *("-p", "pytest_homeassistant_custom_component", "-p", "no:cacheprovider"),
        # No log capture: a capture handler would keep every record of the run in memory.
        *("-p", "no:logging", "--no-cov", "-q", "-s", "--rootdir", str(ROOT)),
    ]
    os.chdir(ROOT)
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter, fixed arguments


if __name__ == "__main__":
    main()
