"""Pytest fixtures that start simulated Xiaomi devices and stop them when the test ends.

Enable with ``pytest_plugins = ["tests.simulator.pytest_plugin"]``. Sockets must be allowed to
127.0.0.0/22 (the project's ``tests/conftest.py`` does that).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from .fleet import Simulator, ThreadedSimulator


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    """Start devices on the test's event loop.

    Use: ``device = await simulator("xiaomi.aircondition.mc4", **options)``.
    """
    fleet = Simulator()
    try:
        yield fleet
    finally:
        await fleet.stop()


@pytest.fixture
def threaded_simulator() -> Iterator[ThreadedSimulator]:
    """Start devices on a background thread, for blocking clients.

    Use: ``device = threaded_simulator("xiaomi.aircondition.mc4", **options)``.
    """
    with ThreadedSimulator() as fleet:
        yield fleet
