"""A simulated miIO device: its identity, clock and lifecycle, and the miIO wire protocol.

What the simulator does on the wire, and why:

- Hello (the 32-byte ``21 31 00 20 ff..ff``): answered with a header-only packet carrying the
  device id and the device stamp. A paired device puts sixteen 0xff bytes in the checksum field;
  an unpaired one (``paired=False``) puts its token there, as factory-fresh devices do.
- Stamp: seconds since the device booted plus a random base; a reboot starts from a lower base.
- Every other packet must verify with the device token (MD5 checksum). A packet that does not verify
  (a wrong token) gets, by default, an error packet sealed with the device's own token, which the
  sender cannot verify: that is the "checksum error" users with a wrong token see. Some devices stay
  silent instead (timeouts): ``Faults.unverified_reply = "silent"``.
- Spoofing (``Faults.spoofed_replies``): a reply goes out first sealed with a random token, from the
  device's address and with its device id, as a spoofer on the network would send it.
- Message ids: the last ``id_memory`` ids (64 by default) are remembered; a repeated id is ignored
  without an answer, like real devices do, until a reboot clears the memory.
- Replies are ``{"id": N, "result": ...}`` or ``{"id": N, "error": {"code": C, "message": M}}``
  encoded with a trailing NUL.
- A request that is not JSON, or nests deeper than ``MAX_JSON_NESTING``, gets ``-30001 invalid
  json`` and the device keeps serving (Python's own parser would give up at some depth with a
  RecursionError, at a different one on each Python version).
- A request carrying more properties than the model's ``max_properties`` gets the profile's chunk
  error as a whole (``-5001 invalid_arg`` by default, ``-9999 user ack timeout`` on ma4).

The methods a profile declares live in ``methods.py``, the fault switches in ``faults.py``, the
counters and request log in ``records.py``, the UDP socket in ``transport.py``
(docs/miio-protocol.md describes the protocol).
"""

from __future__ import annotations

import asyncio
import random
import secrets
import struct
import time
from collections import OrderedDict
from collections.abc import Mapping, MutableMapping
from functools import partial
from typing import Any, Final

from custom_components.xiaomi_living.client.errors import ChecksumError, PacketError
from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MAGIC,
    MiioCodec,
    decode_json,
    encode_json,
)

from .climate import RoomPhysics
from .faults import Faults, ForcedError, UnverifiedReply
from .methods import MiioMethods, RequestError, error_payload
from .profiles import (
    CODE_INTERNAL_ERROR,
    ERROR_INVALID_JSON,
    ERROR_METHOD_NOT_FOUND,
    PROFILES,
    Profile,
)
from .records import Counters, RequestRecord
from .transport import Address, UdpServer

# Re-exported: these lived here before the simulator was split by concern.
__all__ = [
    "CODE_INTERNAL_ERROR",
    "MIIO_PORT",
    "Address",
    "Counters",
    "Faults",
    "ForcedError",
    "RequestError",
    "RequestRecord",
    "SimulatedDevice",
    "UdpServer",
    "UnverifiedReply",
]

MIIO_PORT: Final = 54321
# How deep a request's JSON may nest; deeper is "invalid json", as a device's small parser says.
MAX_JSON_NESTING: Final = 64

_HEADER: Final = struct.Struct(">HHIII")  # magic, length, unknown, device id, stamp
_PAIRED_CHECKSUM: Final = b"\xff" * 16
_MAC_PREFIX: Final = "64:90:C1"


class SimulatedDevice(MiioMethods):
    """One simulated miIO device serving UDP on ``host:port``.

    ``props`` is the device state, keyed by the profile's state keys; tests may read and write it
    directly. ``requests`` logs every handled request, ``counters`` counts everything else.
    """

    def __init__(
        self,
        profile: Profile | str,
        host: str,
        *,
        port: int = MIIO_PORT,
        token: bytes | None = None,
        device_id: int | None = None,
        mac: str | None = None,
        props: Mapping[str, Any] | None = None,
        faults: Faults | None = None,
        paired: bool = True,
        id_memory: int = 64,
        max_properties: int | None = None,
        physics_speed: float = 0.0,
    ) -> None:
        """Describe the device; nothing is bound until ``start``.

        ``props`` overrides profile defaults, ``max_properties`` the profile's chunk limit, and
        ``physics_speed`` (simulated seconds per real second, 0 = off) enables room physics.
        """
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.host = host
        self.port = port
        self.device_id = device_id if device_id is not None else random.randrange(10**8, 10**9)
        self.mac = mac or _mac_for(self.device_id)
        self.faults = faults or Faults()
        self.paired = paired
        self.max_properties = max_properties or self.profile.max_properties
        self.requests: list[RequestRecord] = []
        self.counters = Counters()
        # The Wi-Fi signal miIO.info reports as ap.rssi, in dBm (a test may change it)
        self.rssi = -45
        self.props: MutableMapping[str, Any] = self._create_props()
        self.props.update(props or {})
        self._codec = MiioCodec(token or secrets.token_bytes(16))
        self._id_memory = id_memory
        self._recent_ids: OrderedDict[int, None] = OrderedDict()
        self._stamp_base = random.randrange(100_000, 10_000_000)
        self._boot = time.monotonic()
        self._physics = (
            RoomPhysics(self.profile.climate, physics_speed)
            if self.profile.climate is not None and physics_speed > 0
            else None
        )
        self._physics_clock = self._boot
        self._udp: UdpServer | None = None
        self._pending_replies: dict[int, asyncio.TimerHandle] = {}
        self._next_reply = 0
        self._handlers = self._build_handlers()

    def __repr__(self) -> str:
        """Identify the device in test output (never the token)."""
        return f"<{type(self).__name__} {self.model} {self.host}:{self.port} id={self.device_id}>"

    @property
    def model(self) -> str:
        """The model string the device reports."""
        return self.profile.model

    @property
    def token(self) -> bytes:
        """The current token."""
        return self._codec.token

    @property
    def token_hex(self) -> str:
        """The current token as 32 hex digits, the way users paste it."""
        return self._codec.token.hex()

    @property
    def uptime(self) -> int:
        """Whole seconds since the device booted."""
        return int(time.monotonic() - self._boot)

    @property
    def stamp(self) -> int:
        """The device clock sent in every packet header."""
        return (self._stamp_base + self.uptime) & 0xFFFFFFFF

    @property
    def running(self) -> bool:
        """Whether the UDP socket is bound."""
        return self._udp is not None

    async def start(self) -> None:
        """Bind the UDP socket; raises OSError (EADDRINUSE ...) when the address is taken."""
        self._udp = await UdpServer.bind(self.host, self.port, self.handle_datagram)
        self.port = self._udp.port

    async def stop(self) -> None:
        """Close the socket and drop replies still waiting for their latency."""
        for handle in self._pending_replies.values():
            handle.cancel()
        self._pending_replies.clear()
        if self._udp is not None:
            udp, self._udp = self._udp, None
            await udp.close()

    def reboot(self) -> None:
        """Restart: a lower stamp than before, uptime from zero, no memory of message ids."""
        self._stamp_base = random.randrange(0, max(1, self.stamp))
        self._boot = time.monotonic()
        self._recent_ids.clear()
        self.counters.reboots += 1

    def change_token(self, token: bytes | None = None) -> bytes:
        """Switch to another token (a reset and re-pairing does this); returns the new token."""
        self._codec = MiioCodec(token or secrets.token_bytes(16))
        return self._codec.token

    def reachable(self) -> bool:
        """Whether the device answers at all right now."""
        return not self.faults.offline

    def info(self) -> dict[str, Any]:
        """Return what ``miIO.info`` answers (without the token)."""
        return {
            "life": self.uptime,
            "cfg_time": 0,
            "model": self.model,
            "fw_ver": self.profile.fw_ver,
            "hw_ver": self.profile.hw_ver,
            "miio_ver": "0.0.9",
            "mac": self.mac.upper(),
            "wifi_fw_ver": "simulator",
            "ap": {
                "ssid": "loopback",
                "bssid": "02:00:00:00:00:01",
                "rssi": self.rssi,
                "freq": 2412,
            },
            "netif": {"localIp": self.host, "mask": "255.0.0.0", "gw": "127.0.0.1"},
            "mmfree": 41_392,
            "ot": "otu",
            "otu_stat": [101, 74, 20, 0, 2, 183],
            "ott_stat": [0, 0, 0, 0],
        }

    # --- the wire ---------------------------------------------------------------------------

    def handle_datagram(self, data: bytes, addr: Address) -> None:
        """Handle one datagram from the socket."""
        if not self.reachable():
            self.counters.ignored_offline += 1
            return
        if self.faults.lost():
            self.counters.lost += 1
            return
        if data == HELLO:
            self.counters.hellos += 1
            checksum = _PAIRED_CHECKSUM if self.paired else self.token
            header = _HEADER.pack(MAGIC, HEADER_SIZE, 0, self.device_id, self.stamp)
            self._send(header + checksum, addr)
            return
        try:
            packet = self._codec.decode(data)
        except ChecksumError:
            self.counters.bad_checksums += 1
            if self.faults.unverified_reply != "silent":
                self._reply({"error": error_payload(ERROR_INVALID_JSON, "invalid json")}, addr)
            return
        except PacketError:
            self.counters.malformed += 1
            return
        if packet.plaintext is None or packet.device_id != self.device_id:
            self.counters.malformed += 1
            return
        self._handle_request(packet.plaintext, addr)

    def _handle_request(self, plaintext: bytes, addr: Address) -> None:
        try:
            message = decode_json(plaintext)
        except (ValueError, RecursionError):
            self._reply({"error": error_payload(ERROR_INVALID_JSON, "invalid json")}, addr)
            return
        if _nesting_depth(message) > MAX_JSON_NESTING:
            # A device's JSON parser gives up on deep nesting, and nothing here recurses over
            # what it would have kept (the request log, a reply, a test's repr of either).
            self._reply({"error": error_payload(ERROR_INVALID_JSON, "invalid json")}, addr)
            return
        msg_id = message.get("id") if isinstance(message, dict) else None
        method = message.get("method") if isinstance(message, dict) else None
        if not isinstance(msg_id, int) or not isinstance(method, str):
            self._reply({"error": error_payload(ERROR_INVALID_JSON, "invalid request")}, addr)
            return
        if self.faults.take_lost(self.faults.lost_requests, method):
            self.counters.lost += 1  # lost on the way in: the device never saw it
            return
        if msg_id in self._recent_ids:
            self.counters.replays += 1
            return
        self._remember(msg_id)
        params = message.get("params", [])
        self.requests.append(RequestRecord(msg_id, method, params))
        self.counters.handled += 1
        self._advance_physics()
        answer = {"id": msg_id, **self._answer(method, params)}
        if self.faults.take_lost(self.faults.lost_replies, method):
            self.counters.lost += 1  # handled, but the answer is lost on the way out
            return
        self._reply(answer, addr)

    def _remember(self, msg_id: int) -> None:
        self._recent_ids[msg_id] = None
        while len(self._recent_ids) > self._id_memory:
            self._recent_ids.popitem(last=False)

    def _reply(self, payload: dict[str, Any], addr: Address) -> None:
        packet = self._codec.encode(self.device_id, self.stamp, encode_json(payload))
        if self.faults.take_spoof():
            spoofer = MiioCodec(secrets.token_bytes(16))
            self._send(spoofer.encode(self.device_id, self.stamp, encode_json(payload)), addr)
            if self.faults.spoof_instead:
                return
        self._send(self.faults.corrupt(packet), addr)

    def _send(self, data: bytes, addr: Address) -> None:
        if self.faults.lost():
            self.counters.lost += 1
            return
        if self.faults.latency <= 0:
            self._transmit(data, addr)
            return
        key = self._next_reply
        self._next_reply += 1
        loop = asyncio.get_running_loop()
        self._pending_replies[key] = loop.call_later(
            self.faults.latency, self._transmit_delayed, key, data, addr
        )

    def _transmit_delayed(self, key: int, data: bytes, addr: Address) -> None:
        del self._pending_replies[key]
        self._transmit(data, addr)

    def _transmit(self, data: bytes, addr: Address) -> None:
        # A reply already decided still goes out: a TV acknowledges "turn off", then goes dark.
        # (stop() cancels delayed replies, so the socket is still open here.)
        assert self._udp is not None
        self._udp.sendto(data, addr)

    def _advance_physics(self) -> None:
        now = time.monotonic()
        if self._physics is not None:
            self._physics.advance(self.props, now - self._physics_clock)
        self._physics_clock = now

    # --- methods ----------------------------------------------------------------------------

    def _create_props(self) -> MutableMapping[str, Any]:
        """Create the state store; the TV overrides this with a view onto its TvState."""
        return dict(self.profile.defaults)

    def _build_handlers(self) -> dict[str, Any]:
        handlers: dict[str, Any] = {"miIO.info": lambda _params: self.info()}
        if self.profile.miot:
            handlers["get_properties"] = self._get_properties
            handlers["set_properties"] = self._set_properties
            handlers["action"] = self._action
        if self.profile.legacy:
            handlers["get_prop"] = self._get_prop
        for setter in self.profile.setters:
            prop = self.profile.legacy_property(setter.prop)
            if prop is None:
                raise ValueError(f"{self.model}: {setter.method} writes unknown {setter.prop}")
            handlers[setter.method] = partial(self._legacy_set, prop)
        return handlers

    def _answer(self, method: str, params: Any) -> dict[str, Any]:
        forced = self.faults.take_forced_error(method)
        if forced is not None:
            return {"error": error_payload(forced.code, forced.message)}
        handler = self._handlers.get(method)
        if handler is None:
            return {"error": error_payload(ERROR_METHOD_NOT_FOUND, "Method not found.")}
        try:
            return {"result": handler(params)}
        except RequestError as err:
            return {"error": error_payload(err.code, err.message)}


def _mac_for(device_id: int) -> str:
    tail = device_id.to_bytes(4, "big")[1:]
    return _MAC_PREFIX + "".join(f":{byte:02X}" for byte in tail)


def _nesting_depth(value: Any) -> int:
    """Return how deep lists and objects nest in ``value``, without recursing."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_NESTING:
            return depth
        pending.extend((child, depth + 1) for child in children)
    return deepest
