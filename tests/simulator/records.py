"""What a simulated device saw, for tests to assert on: counters and the log of requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Counters:
    """What the device saw, for tests to assert on."""

    hellos: int = 0
    handled: int = 0  # requests answered (or answered with an error)
    replays: int = 0  # requests ignored because their id was seen recently
    bad_checksums: int = 0  # packets that did not verify with the token
    malformed: int = 0  # datagrams that are not miIO packets for this device
    lost: int = 0  # requests and replies dropped by the loss fault
    ignored_offline: int = 0  # datagrams that arrived while the device was offline
    reboots: int = 0


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the device handled."""

    msg_id: int
    method: str
    params: Any
