"""A simulated miIO device: the UDP protocol, the methods a profile declares, and fault injection.

What the simulator does on the wire, and why:

- Hello (the 32-byte ``21 31 00 20 ff..ff``): answered with a header-only packet carrying the
  device id and the device stamp. A paired device puts sixteen 0xff bytes in the checksum field;
  an unpaired one (``paired=False``) puts its token there, as factory-fresh devices do.
- Stamp: seconds since the device booted plus a random base; a reboot starts from a lower base.
- Every other packet must verify with the device token (MD5 checksum). A packet that does not verify
  (a wrong token) gets, by default, an error packet sealed with the device's own token, which the
  sender cannot verify: that is the "checksum error" users with a wrong token see. Some devices stay
  silent instead (timeouts): ``Faults.unverified_reply = "silent"``.
- Message ids: the last ``id_memory`` ids (64 by default) are remembered; a repeated id is ignored
  without an answer, like real devices do, until a reboot clears the memory.
- Replies are ``{"id": N, "result": ...}`` or ``{"id": N, "error": {"code": C, "message": M}}``
  encoded with a trailing NUL.
- A request carrying more properties than the model's ``max_properties`` gets the profile's chunk
  error as a whole (``-5001 invalid_arg`` by default, ``-9999 user ack timeout`` on ma4).
"""

from __future__ import annotations

import asyncio
import random
import secrets
import struct
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Final, Literal

from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MAGIC,
    ChecksumError,
    MiioCodec,
    PacketError,
    decode_json,
    encode_json,
)

from .climate import RoomPhysics
from .profiles import (
    CODE_NOT_FOUND,
    CODE_NOT_READABLE,
    CODE_NOT_WRITABLE,
    CODE_OK,
    CODE_VALUE_ERROR,
    ERROR_INVALID_ARG,
    ERROR_INVALID_JSON,
    ERROR_METHOD_NOT_FOUND,
    PROFILES,
    LegacyProperty,
    Profile,
)

MIIO_PORT: Final = 54321
CODE_INTERNAL_ERROR: Final = -4004  # a property the device fails to read right now

UnverifiedReply = Literal["unverifiable", "silent"]
Address = tuple[str | Any, int]

_HEADER: Final = struct.Struct(">HHIII")  # magic, length, unknown, device id, stamp
_PAIRED_CHECKSUM: Final = b"\xff" * 16
_MAC_PREFIX: Final = "64:90:C1"


class RequestError(Exception):
    """A request-level error the device answers instead of a result."""

    def __init__(self, code: int, message: str) -> None:
        """Carry the error code and message of the reply."""
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


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
    - ``unverified_reply``: what a packet that does not verify gets (see the module docstring).
    - ``forced_errors``: errors answered instead of results (see ``force_error``).
    - ``property_codes``: MIoT codes answered for ``(siid, piid)`` instead of its value.
    - ``seed``: seeds the random numbers used for loss and garbage, for reproducible runs.
    """

    loss: float = 0.0
    latency: float = 0.0
    offline: bool = False
    garbage_replies: int = 0
    truncated_replies: int = 0
    unverified_reply: UnverifiedReply = "unverifiable"
    forced_errors: list[ForcedError] = field(default_factory=list)
    property_codes: dict[tuple[int, int], int] = field(default_factory=dict)
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

    def corrupt(self, packet: bytes) -> bytes:
        """Apply a pending garbage or truncation fault to a command reply."""
        if self.garbage_replies > 0:
            self.garbage_replies -= 1
            return self.rng.randbytes(len(packet))
        if self.truncated_replies > 0:
            self.truncated_replies -= 1
            return packet[:-16]
        return packet


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


class _Endpoint(asyncio.DatagramProtocol):
    """Hands datagrams to a callback and tells when its socket is really closed."""

    def __init__(self, on_datagram: Callable[[bytes, Address], None]) -> None:
        self._on_datagram = on_datagram
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: Address) -> None:
        self._on_datagram(data, addr)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set_result(None)


class UdpServer:
    """A bound UDP socket feeding a callback; ``close`` returns once the port is free again."""

    def __init__(self, transport: asyncio.DatagramTransport, endpoint: _Endpoint) -> None:
        """Wrap a bound endpoint (use ``bind``)."""
        self._transport = transport
        self._endpoint = endpoint
        self.port: int = transport.get_extra_info("sockname")[1]

    @classmethod
    async def bind(
        cls, host: str, port: int, on_datagram: Callable[[bytes, Address], None]
    ) -> UdpServer:
        """Bind ``host:port``; raises OSError (EADDRINUSE ...) when it is taken."""
        loop = asyncio.get_running_loop()
        transport, endpoint = await loop.create_datagram_endpoint(
            partial(_Endpoint, on_datagram), local_addr=(host, port)
        )
        return cls(transport, endpoint)

    def sendto(self, data: bytes, addr: Address) -> None:
        """Send one datagram."""
        self._transport.sendto(data, addr)

    async def close(self) -> None:
        """Close the socket and wait until asyncio has let go of it."""
        self._transport.close()
        await self._endpoint.closed


class SimulatedDevice:
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
            "ap": {"ssid": "loopback", "bssid": "02:00:00:00:00:01", "rssi": -45, "freq": 2412},
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
                self._reply({"error": _error(ERROR_INVALID_JSON, "invalid json")}, addr)
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
        except ValueError:
            self._reply({"error": _error(ERROR_INVALID_JSON, "invalid json")}, addr)
            return
        msg_id = message.get("id") if isinstance(message, dict) else None
        method = message.get("method") if isinstance(message, dict) else None
        if not isinstance(msg_id, int) or not isinstance(method, str):
            self._reply({"error": _error(ERROR_INVALID_JSON, "invalid request")}, addr)
            return
        if msg_id in self._recent_ids:
            self.counters.replays += 1
            return
        self._remember(msg_id)
        params = message.get("params", [])
        self.requests.append(RequestRecord(msg_id, method, params))
        self.counters.handled += 1
        self._advance_physics()
        self._reply({"id": msg_id, **self._answer(method, params)}, addr)

    def _remember(self, msg_id: int) -> None:
        self._recent_ids[msg_id] = None
        while len(self._recent_ids) > self._id_memory:
            self._recent_ids.popitem(last=False)

    def _reply(self, payload: dict[str, Any], addr: Address) -> None:
        packet = self._codec.encode(self.device_id, self.stamp, encode_json(payload))
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
            return {"error": _error(forced.code, forced.message)}
        handler = self._handlers.get(method)
        if handler is None:
            return {"error": _error(ERROR_METHOD_NOT_FOUND, "Method not found.")}
        try:
            return {"result": handler(params)}
        except RequestError as err:
            return {"error": _error(err.code, err.message)}

    def _check_chunk(self, items: list[Any]) -> None:
        if len(items) > self.max_properties:
            raise RequestError(*self.profile.chunk_error)

    def _get_properties(self, params: Any) -> list[dict[str, Any]]:
        items = _property_items(params, "piid")
        self._check_chunk(items)
        return [
            {
                "did": item.get("did", str(self.device_id)),
                "siid": item["siid"],
                "piid": item["piid"],
                **self._read_miot(item["siid"], item["piid"]),
            }
            for item in items
        ]

    def _read_miot(self, siid: int, piid: int) -> dict[str, Any]:
        forced = self.faults.property_codes.get((siid, piid))
        if forced is not None:
            return {"code": forced}
        prop = self.profile.miot_property(siid, piid)
        if prop is None or not prop.readable:
            return {"code": CODE_NOT_READABLE}
        try:
            value = self.props[prop.key]
        except (LookupError, ValueError):
            return {"code": CODE_INTERNAL_ERROR}
        return {"code": CODE_OK, "value": value}

    def _set_properties(self, params: Any) -> list[dict[str, Any]]:
        items = _property_items(params, "piid")
        self._check_chunk(items)
        results = []
        for item in items:
            siid, piid = item["siid"], item["piid"]
            entry = {"did": item.get("did", str(self.device_id)), "siid": siid, "piid": piid}
            prop = self.profile.miot_property(siid, piid)
            forced = self.faults.property_codes.get((siid, piid))
            if forced is not None:
                code = forced
            elif prop is None:
                code = CODE_NOT_FOUND
            elif not prop.writable:
                code = CODE_NOT_WRITABLE
            elif "value" not in item or not prop.spec.accepts(item["value"]):
                code = CODE_VALUE_ERROR
            else:
                code = self._write(prop.key, item["value"])
            results.append({**entry, "code": code})
        return results

    def _write(self, key: str, value: Any) -> int:
        try:
            self.props[key] = value
        except ValueError:
            return CODE_VALUE_ERROR
        return CODE_OK

    def _action(self, params: Any) -> dict[str, Any]:
        # python-miio sends the action as an object; some clients wrap it in a list.
        if isinstance(params, list) and len(params) == 1:
            params = params[0]
        call = _property_items([params], "aiid")[0]
        siid, aiid = call["siid"], call["aiid"]
        result = {"did": call.get("did", str(self.device_id)), "siid": siid, "aiid": aiid}
        action = self.profile.miot_action(siid, aiid)
        if action is None:
            return {**result, "code": CODE_NOT_FOUND}
        for key, value in action.writes.items():
            self.props[key] = value
        return {**result, "code": CODE_OK, "out": []}

    def _get_prop(self, params: Any) -> list[Any]:
        if not isinstance(params, list) or not all(isinstance(name, str) for name in params):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        self._check_chunk(params)
        values = []
        for name in params:
            prop = self.profile.legacy_property(name)
            values.append(None if prop is None else prop.codec.to_wire(self.props[prop.key]))
        return values

    def _legacy_set(self, prop: LegacyProperty, params: Any) -> list[str]:
        if not isinstance(params, list) or len(params) != 1 or not prop.spec.accepts(params[0]):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        self.props[prop.key] = prop.codec.from_wire(params[0])
        return ["ok"]


def _error(code: int, message: str) -> dict[str, Any]:
    return {"code": code, "message": message}


def _property_items(params: Any, index_key: str) -> list[dict[str, Any]]:
    """Check that params is a list of {"siid": int, <index_key>: int, ...} objects."""
    if not isinstance(params, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("siid"), int)
        and isinstance(item.get(index_key), int)
        for item in params
    ):
        raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
    return params


def _mac_for(device_id: int) -> str:
    tail = device_id.to_bytes(4, "big")[1:]
    return _MAC_PREFIX + "".join(f":{byte:02X}" for byte in tail)
