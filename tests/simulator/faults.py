"""Fault switches of a simulated device: loss, latency, offline, corrupt or spoofed replies, errors.

A device consults its ``Faults`` for every datagram: whether it is lost, how long a reply waits,
whether a reply is replaced by garbage or cut short, and which error or MIoT code to answer instead
of a result. Tests flip the switches at any time, also while the device runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

# What a packet that does not verify with the token gets (see ``device.py``).
UnverifiedReply = Literal["unverifiable", "silent"]


@dataclass(slots=True)
class ForcedError:
    """An error the device answers instead of handling requests (all, or one method's)."""

    code: int
    message: str
    method: str | None = None  # None: any method
    remaining: int | None = 1  # None: until cleared


@dataclass(slots=True)
class Faults:
    """Fault switches of one device; change them at any time, also while the device runs.

    - ``loss``: probability that a datagram is lost, rolled separately for each request and each
      reply (a lost reply means the request took effect but the sender never learns it).
    - ``latency``: seconds added before every reply.
    - ``offline``: nothing is answered at all, hello included.
    - ``garbage_replies`` / ``truncated_replies``: how many of the next command replies (not hello
      replies) are replaced by random bytes / cut short by one AES block.
    - ``spoofed_replies``: how many of the next command replies are preceded by a spoofed copy:
      a packet from the device's address, with its device id, that does not verify with the token
      (what anyone on the network can send). With ``spoof_instead`` the spoof replaces the reply.
    - ``unverified_reply``: what a packet that does not verify gets (see the module docstring).
    - ``forced_errors``: errors answered instead of results (see ``force_error``).
    - ``property_codes``: MIoT codes answered for ``(siid, piid)`` instead of its value.
    - ``wire_values``: values answered as they are, for a property named by its profile key
      (``target_temperature``, ``volume`` ...), instead of the property's real value: over MIoT
      with code 0, over ``get_prop`` in its place (a string where a number belongs, ``1e999``,
      a list); the device's own state is unchanged.
    - ``lost_requests`` / ``lost_replies``: per method name (None: any method), how many of the
      next requests are lost before the device sees them / how many replies are lost after the
      device handled the request (it took effect, the sender never learns it).
    - ``seed``: seeds the random numbers used for loss and garbage, for reproducible runs.
    """

    loss: float = 0.0
    latency: float = 0.0
    offline: bool = False
    garbage_replies: int = 0
    truncated_replies: int = 0
    spoofed_replies: int = 0
    spoof_instead: bool = False
    unverified_reply: UnverifiedReply = "unverifiable"
    forced_errors: list[ForcedError] = field(default_factory=list)
    property_codes: dict[tuple[int, int], int] = field(default_factory=dict)
    wire_values: dict[str, Any] = field(default_factory=dict)
    lost_requests: dict[str | None, int] = field(default_factory=dict)
    lost_replies: dict[str | None, int] = field(default_factory=dict)
    seed: int | None = None
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Create the seeded random source."""
        self.rng = random.Random(self.seed)

    def force_error(
        self,
        code: int,
        message: str = "forced error",
        *,
        count: int | None = 1,
        method: str | None = None,
    ) -> None:
        """Answer the next ``count`` requests (of ``method``, or any) with an error.

        ``count=None`` keeps answering the error until ``clear_errors``.
        """
        self.forced_errors.append(ForcedError(code, message, method, count))

    def clear_errors(self) -> None:
        """Stop answering forced errors."""
        self.forced_errors.clear()

    def lost(self) -> bool:
        """Roll whether the next datagram is lost."""
        return self.loss > 0 and self.rng.random() < self.loss

    def take_forced_error(self, method: str) -> ForcedError | None:
        """Return the forced error this request gets, if any, and count it down."""
        for forced in self.forced_errors:
            if forced.method in (None, method):
                if forced.remaining is not None:
                    forced.remaining -= 1
                    if forced.remaining <= 0:
                        self.forced_errors.remove(forced)
                return forced
        return None

    @staticmethod
    def take_lost(counts: dict[str | None, int], method: str) -> bool:
        """Count down one lost datagram of ``method`` (or of any method) in ``counts``."""
        for key in (method, None):
            if counts.get(key, 0) > 0:
                counts[key] -= 1
                return True
        return False

    def take_spoof(self) -> bool:
        """Roll whether the next command reply is preceded (or replaced) by a spoof."""
        if self.spoofed_replies <= 0:
            return False
        self.spoofed_replies -= 1
        return True

    def corrupt(self, packet: bytes) -> bytes:
        """Apply a pending garbage or truncation fault to a command reply."""
        if self.garbage_replies > 0:
            self.garbage_replies -= 1
            return self.rng.randbytes(len(packet))
        if self.truncated_replies > 0:
            self.truncated_replies -= 1
            return packet[:-16]
        return packet
