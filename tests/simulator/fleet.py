"""Start simulated devices on free loopback addresses, on the caller's event loop or on a thread.

Each device gets its own address in 127.0.0.0/22 (never 127.0.0.1, where a running demo may own
port 54321), so that clients which always talk to port 54321, python-miio's among them, reach it
unchanged. An address is taken by binding it: when another test run (pytest-xdist, a second
terminal, the demo) holds it, binding fails with EADDRINUSE and the next address is tried.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import threading
from collections.abc import Callable, Coroutine, Iterator
from types import TracebackType
from typing import Any, Final, Self

from .acpartner import ACPARTNER_PROFILES, SimulatedAcPartner
from .device import SimulatedDevice
from .profiles import PROFILES, VARIANTS, Profile
from .tv import SimulatedTv

# Every model the simulator can impersonate
ALL_PROFILES: Final = {**PROFILES, **ACPARTNER_PROFILES}
# ... and what can be started by name: those, plus firmware variants ("<model>:<variant>")
STARTABLE: Final = {**ALL_PROFILES, **VARIANTS}

FIRST_HOST: Final = ipaddress.IPv4Address("127.0.0.2")
LAST_HOST: Final = ipaddress.IPv4Address("127.0.3.254")
THREAD_CALL_TIMEOUT: Final = 30.0


def create_device(model: str | Profile, host: str, **options: Any) -> SimulatedDevice:
    """Describe a device of ``model`` on ``host``; not yet started.

    TVs are SimulatedTv, the v-series AC companions SimulatedAcPartner, the rest SimulatedDevice.
    """
    profile = STARTABLE[model] if isinstance(model, str) else model
    if profile.family == "tv":
        return SimulatedTv(profile, host, **options)
    if profile.model in ACPARTNER_PROFILES:
        return SimulatedAcPartner(profile, host, **options)
    return SimulatedDevice(profile, host, **options)


class _AddressPool:
    """Loopback addresses handed out round-robin from a per-process starting point."""

    def __init__(self, first: ipaddress.IPv4Address, last: ipaddress.IPv4Address) -> None:
        self._first = first
        self._size = int(last) - int(first) + 1
        # Parallel processes start far apart, so they rarely even try the same address.
        self._next = os.getpid() * 97 % self._size
        self._lock = threading.Lock()

    def candidates(self) -> Iterator[str]:
        """Every address once, starting after the one handed out last."""
        for _ in range(self._size):
            with self._lock:
                offset = self._next
                self._next = (self._next + 1) % self._size
            yield str(self._first + offset)


_POOL: Final = _AddressPool(FIRST_HOST, LAST_HOST)


class Simulator:
    """Starts devices on free loopback addresses and stops them all at the end.

    ``await simulator("xiaomi.aircondition.mc4", **options)`` returns a started device; the options
    are those of ``SimulatedDevice`` (and ``SimulatedTv`` for TVs), plus ``host`` to insist on one
    address.
    """

    def __init__(self) -> None:
        """Start with no devices."""
        self.devices: list[SimulatedDevice] = []

    async def __call__(
        self, model: str | Profile, *, host: str | None = None, **options: Any
    ) -> SimulatedDevice:
        """Start one device and return it."""
        hosts = [host] if host is not None else _POOL.candidates()
        for candidate in hosts:
            device = create_device(model, candidate, **options)
            try:
                await device.start()
            except OSError as err:
                if host is None and err.errno == errno.EADDRINUSE:
                    continue
                raise
            self.devices.append(device)
            return device
        raise OSError(errno.EADDRINUSE, f"no free loopback address from {FIRST_HOST}")

    async def stop(self) -> None:
        """Stop every device started here."""
        while self.devices:
            await self.devices.pop().stop()


class ThreadedSimulator:
    """A Simulator on its own event loop in a background thread, for blocking clients.

    Blocking code (python-miio) can then talk to the devices from the test's thread. Change device
    state through ``call`` so that it happens on the simulator's thread, between datagrams.
    """

    def __init__(self) -> None:
        """Create the loop and the thread; ``start`` runs them."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="miio-simulator", daemon=True
        )
        self._simulator = Simulator()

    @property
    def devices(self) -> list[SimulatedDevice]:
        """The running devices."""
        return self._simulator.devices

    def start(self) -> None:
        """Run the simulator's loop."""
        self._thread.start()

    def close(self) -> None:
        """Stop every device, then the loop and its thread."""
        try:
            self.run(self._simulator.stop())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def run[T](self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the simulator's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(THREAD_CALL_TIMEOUT)

    def call[T](self, func: Callable[..., T], *args: Any) -> T:
        """Call a function on the simulator's thread (to change state without racing it)."""

        async def invoke() -> T:
            return func(*args)

        return self.run(invoke())

    def __call__(self, model: str | Profile, **options: Any) -> SimulatedDevice:
        """Start one device (see ``Simulator``) and return it."""
        return self.run(self._simulator(model, **options))

    def __enter__(self) -> Self:
        """Start the thread."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop everything."""
        self.close()
