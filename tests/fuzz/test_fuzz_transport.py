"""Reply matching of the miIO transport under arbitrary datagrams.

Whatever arrives while a call waits, ``MiioTransport.datagram_received`` never raises; every
datagram is either taken (the awaited reply, or the answer to an awaited hello) or dropped and
counted under exactly one reason; only a verified reply from our device whose id belongs to the
call in progress completes the call; and a request gets its right result despite junk before and
after the reply, first with a scripted device on no socket at all, then against the simulated
device over loopback.
"""

from __future__ import annotations

import asyncio
import errno
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from custom_components.xiaomi_living.client.errors import (
    DeviceError,
    MalformedReplyError,
    MiioError,
)
from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MiioCodec,
    decode_json,
    encode_json,
)
from custom_components.xiaomi_living.client.transport import DropReason, MiioTransport
from tests.fuzz import BIG, PrivateLoop, fuzz_settings, json_values, run
from tests.simulator.device import SimulatedDevice
from tests.simulator.faults import Faults
from tests.simulator.fleet import _POOL
from tests.simulator.profiles import PROFILES
from tests.simulator.transport import Address

TOKEN = bytes.fromhex("00112233445566778899aabbccddeeff")
OTHER_TOKEN = bytes.fromhex("ffeeddccbbaa99887766554433221100")
DEVICE_ID = 0x0BADCAFE
OTHER_DEVICE_ID = 0x0DEFACED
FIRST_STAMP = 1_000
CODEC = MiioCodec(TOKEN)
# The transport waits no longer than this for a reply that is already on its way.
TIMEOUT = 2.0

_HEADER_ONLY = HELLO[:4]  # magic and a length of 32: what a hello answer starts with


def _header_only(device_id: int, stamp: int) -> bytes:
    return (
        _HEADER_ONLY
        + bytes(4)
        + device_id.to_bytes(4, "big")
        + stamp.to_bytes(4, "big")
        + b"\xff" * 16
    )


# --- Datagrams as the oracle sees them ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Junk:
    """Random bytes (never header-only: those are hello answers, below)."""

    data: bytes


@dataclass(frozen=True, slots=True)
class HelloAnswer:
    """A header-only packet: the answer to a hello, whether one is awaited or not."""

    device_id: int
    stamp: int

    @property
    def data(self) -> bytes:
        """The datagram."""
        return _header_only(self.device_id, self.stamp)


@dataclass(frozen=True, slots=True)
class Sealed:
    """A packet sealed with a token (ours or not) around any plaintext."""

    device_id: int
    stamp: int
    plaintext: bytes
    ours: bool = True

    @property
    def data(self) -> bytes:
        """The datagram."""
        codec = CODEC if self.ours else MiioCodec(OTHER_TOKEN)
        return codec.encode(self.device_id, self.stamp, self.plaintext)


@dataclass(frozen=True, slots=True)
class Flipped:
    """A verified packet with bytes flipped: ``flips`` maps an offset to its XOR mask."""

    packet: Sealed
    flips: tuple[tuple[int, int], ...]

    @property
    def data(self) -> bytes:
        """The datagram."""
        data = bytearray(self.packet.data)
        for offset, mask in self.flips:
            data[offset % len(data)] ^= mask
        return bytes(data)


type Datagram = Junk | HelloAnswer | Sealed | Flipped


@dataclass(slots=True)
class Oracle:
    """What the transport must do with each datagram, from its state at that moment."""

    device_id: int
    pending: set[int]
    answered: deque[int]
    hello_awaited: bool
    last_stamp: int = FIRST_STAMP
    taken: dict[str, Any] | None = None
    suspect: bool = False
    reboots: int = 0
    outcomes: list[str | frozenset[DropReason]] = field(default_factory=list)
    """Per datagram: "reply" or "hello" when it must be taken, else the drop reasons allowed."""

    def expect(self, datagram: Datagram) -> str | frozenset[DropReason]:
        """Return the outcome the transport must reach for this datagram, and follow it."""
        outcome: str | frozenset[DropReason]
        match datagram:
            case Junk():
                # Junk could only be taken by a freak of chance; which check refuses it is free.
                outcome = frozenset(DropReason)
            case HelloAnswer():
                outcome = self._hello(datagram)
            case Flipped():
                outcome = frozenset({self._flipped(datagram)})
            case Sealed(device_id=device_id) if device_id != self.device_id:
                outcome = frozenset({DropReason.FOREIGN})
            case Sealed(ours=False):
                outcome = frozenset({DropReason.UNVERIFIABLE})
            case Sealed(plaintext=plaintext, stamp=stamp):
                outcome = self._message(plaintext, stamp)
        self.outcomes.append(outcome)
        return outcome

    def _hello(self, hello: HelloAnswer) -> str | frozenset[DropReason]:
        if not self.hello_awaited:
            return frozenset({DropReason.UNEXPECTED})
        self.hello_awaited = False
        self.device_id, self.last_stamp = hello.device_id, hello.stamp
        return "hello"

    def _flipped(self, flipped: Flipped) -> DropReason:
        data = flipped.data
        if data[:4] != flipped.packet.data[:4]:  # magic or length
            return DropReason.MALFORMED
        if int.from_bytes(data[8:12], "big") != self.device_id:
            return DropReason.FOREIGN
        return DropReason.UNVERIFIABLE  # the checksum covers everything else

    def _message(self, plaintext: bytes, stamp: int) -> str | frozenset[DropReason]:
        try:
            message = decode_json(plaintext)
        except (ValueError, RecursionError):
            return frozenset({DropReason.UNDECODABLE})
        message_id = message.get("id") if isinstance(message, dict) else None
        if isinstance(message_id, bool):
            # JSON's true and false are no ids; the transport may take them for 1 and 0 when
            # classifying a drop (test_a_json_boolean_is_no_message_id), never to complete a call.
            return frozenset({DropReason.UNEXPECTED, DropReason.STALE, DropReason.DUPLICATE})
        if not isinstance(message_id, int) or "method" in message:
            return frozenset({DropReason.UNEXPECTED})
        if message_id in self.answered:
            return frozenset({DropReason.DUPLICATE})
        if message_id not in self.pending or self.taken is not None:
            return frozenset({DropReason.STALE})
        self.answered.append(message_id)
        self.taken = message
        if stamp < self.last_stamp:
            self.reboots += 1
        self.last_stamp = stamp
        return "reply"

    def observe(self, reason: DropReason | None) -> None:
        """Follow what the transport did where the oracle allowed a choice."""
        if reason in (DropReason.UNVERIFIABLE, DropReason.UNDECODABLE):
            self.suspect = True


# --- Strategies -------------------------------------------------------------------------------

_ids = st.integers(min_value=2, max_value=2**31 - 1)
stamps = st.integers(min_value=0, max_value=2 * FIRST_STAMP)


def _message_ids(known: list[int]) -> st.SearchStrategy[Any]:
    """Ids a reply may carry: the call's own, earlier ones, any number, and things that are not."""
    own = st.sampled_from(known)
    return st.one_of(
        own,
        own,
        own,
        own.map(float),
        own.map(str),
        st.integers(min_value=-BIG, max_value=BIG),
        st.sampled_from([0, -1, 2**31, 2**63, -(2**63)]),
        st.booleans(),
        json_values,
    )


def _messages(known: list[int]) -> st.SearchStrategy[Any]:
    replies = st.fixed_dictionaries(
        {"id": _message_ids(known)},
        optional={
            "result": json_values,
            "error": json_values,
            "method": st.text(max_size=10),
            "params": json_values,
        },
    )
    return replies | replies | replies | json_values


def _plaintexts(known: list[int]) -> st.SearchStrategy[bytes]:
    deep = st.tuples(st.sampled_from(known), st.integers(min_value=1, max_value=30_000)).map(
        lambda pair: b'{"id": %d, "result": ' % pair[0] + b"[" * pair[1] + b"]" * pair[1] + b"}"
    )
    messages = _messages(known).map(encode_json)
    return st.one_of(
        messages,
        messages,
        messages,
        deep,
        st.binary(max_size=40),
        st.sampled_from([b"", b"\x00", b"\xff\xfe", b"[1e999]", b'{"id": NaN}', b"9" * 5000]),
    )


@st.composite
def datagrams(draw: st.DrawFn, known: list[int]) -> Datagram:
    """Draw one datagram of any kind, about the ids in ``known``."""
    device_ids = st.sampled_from([DEVICE_ID, DEVICE_ID, DEVICE_ID, OTHER_DEVICE_ID])
    kind = draw(st.sampled_from(["junk", "hello", "flipped", *["sealed"] * 5]))
    if kind == "junk":
        data = draw(st.binary(max_size=80))
        if len(data) == HEADER_SIZE and data[:4] == _HEADER_ONLY:
            data = data[:-1]
        return Junk(data)
    if kind == "hello":
        return HelloAnswer(draw(device_ids), draw(stamps))
    packet = Sealed(
        draw(device_ids),
        draw(stamps),
        draw(_plaintexts(known)),
        ours=draw(st.sampled_from([True, True, True, False])),
    )
    if kind == "sealed":
        return packet
    offsets = st.integers(min_value=0, max_value=len(packet.data) - 1)
    flips = draw(st.dictionaries(offsets, st.integers(min_value=1, max_value=255), min_size=1))
    return Flipped(Sealed(packet.device_id, packet.stamp, packet.plaintext), tuple(flips.items()))


@dataclass(frozen=True, slots=True)
class Scenario:
    """A transport in the middle of a call, and what reaches it."""

    pending: list[int]
    answered: list[int]
    hello_awaited: bool
    datagrams: list[Datagram]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    ids = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    split = draw(st.integers(min_value=1, max_value=len(ids)))
    pending, answered = ids[:split], ids[split:]
    fresh = draw(st.lists(datagrams(ids), min_size=1, max_size=8))
    # Duplicates: some datagrams again, anywhere in the sequence.
    repeats = draw(st.lists(st.sampled_from(fresh), max_size=3))
    order = draw(st.permutations(fresh + repeats))
    return Scenario(pending, answered, draw(st.booleans()), list(order))


def _mid_call(loop: asyncio.AbstractEventLoop, scenario: Scenario) -> MiioTransport:
    """Make a transport that knows the device and waits for a reply to any pending id."""
    transport = MiioTransport("127.0.0.1", TOKEN)
    transport._device_id = DEVICE_ID
    transport._need_hello = False
    transport._stamp_base = transport._last_stamp = FIRST_STAMP
    transport._reply_waiter = loop.create_future()
    for message_id in scenario.pending:
        transport._call_ids[message_id] = loop.time()
    transport._answered_ids.extend(scenario.answered)
    if scenario.hello_awaited:
        transport._hello_waiter = loop.create_future()
    return transport


def _fed(transport: MiioTransport, data: bytes) -> DropReason | None:
    """Feed one datagram; return the reason it was dropped for, None if it was taken."""
    before = transport.diagnostics.dropped
    transport.datagram_received(data)
    after = transport.diagnostics.dropped
    grown = {reason: count - before.get(reason, 0) for reason, count in after.items()}
    grown = {reason: count for reason, count in grown.items() if count}
    assert sum(grown.values()) <= 1, grown
    return next(iter(grown), None)


@fuzz_settings(120)
@given(scenario=scenarios())
def test_every_datagram_is_taken_or_counted_and_only_a_reply_completes_the_call(
    scenario: Scenario,
) -> None:
    async def feed() -> None:
        transport = _mid_call(asyncio.get_running_loop(), scenario)
        oracle = Oracle(
            DEVICE_ID,
            set(scenario.pending),
            deque(scenario.answered, maxlen=256),
            scenario.hello_awaited,
        )
        for datagram in scenario.datagrams:
            expected = oracle.expect(datagram)
            reason = _fed(transport, datagram.data)
            if isinstance(expected, str):
                assert reason is None, (datagram, reason)
            else:
                assert reason in expected, (datagram, reason, expected)
            oracle.observe(reason)
            assert transport.device_id == oracle.device_id
        waiter = transport._reply_waiter
        assert waiter is not None
        assert (waiter.result() if waiter.done() else None) == oracle.taken
        taken = oracle.outcomes.count("reply") + oracle.outcomes.count("hello")
        assert sum(transport.diagnostics.dropped.values()) + taken == len(scenario.datagrams)
        assert transport._token_suspect == oracle.suspect
        assert transport.diagnostics.reboots == oracle.reboots

    run(feed())


def test_a_json_boolean_is_no_message_id() -> None:
    """``{"id": true}`` is no reply to the request with id 1 (``isinstance(True, int)``)."""

    async def feed() -> MiioTransport:
        transport = _mid_call(asyncio.get_running_loop(), Scenario([1], [], False, []))
        transport.datagram_received(
            CODEC.encode(DEVICE_ID, 5, encode_json({"id": True, "result": ["spoofed"]}))
        )
        return transport

    transport = run(feed())
    assert transport._reply_waiter is not None
    assert not transport._reply_waiter.done()
    assert transport.diagnostics.dropped == {DropReason.UNEXPECTED: 1}


_LOOKALIKES: dict[str, Callable[[int], dict[str, Any]]] = {
    "float": lambda message_id: {"id": float(message_id)},
    "text": lambda message_id: {"id": str(message_id)},
    "list": lambda message_id: {"id": [message_id]},
    "object": lambda message_id: {"id": {"id": message_id}},
    "null": lambda _message_id: {"id": None},
    "missing": lambda _message_id: {},
    "request": lambda message_id: {"id": message_id, "method": "get_prop"},
}


@fuzz_settings(80)
@given(
    pending=st.lists(_ids, min_size=1, max_size=3, unique=True),
    pick=st.integers(min_value=0, max_value=2),
    lookalike=st.sampled_from(sorted(_LOOKALIKES)),
    body=st.dictionaries(st.sampled_from(["result", "error", "params"]), json_values),
)
def test_an_id_lookalike_never_completes_the_call(
    pending: list[int], pick: int, lookalike: str, body: dict[str, Any]
) -> None:
    """What only looks like the awaited id (4242.0, "4242", [4242], a request) is unexpected."""
    message_id = pending[pick % len(pending)]
    message = {**body, **_LOOKALIKES[lookalike](message_id)}

    async def feed() -> MiioTransport:
        transport = _mid_call(asyncio.get_running_loop(), Scenario(pending, [], False, []))
        transport.datagram_received(CODEC.encode(DEVICE_ID, 5, encode_json(message)))
        # The reply itself still completes the call afterwards.
        transport.datagram_received(CODEC.encode(DEVICE_ID, 6, encode_json({"id": message_id})))
        return transport

    transport = run(feed())
    assert transport.diagnostics.dropped == {DropReason.UNEXPECTED: 1}
    assert transport._reply_waiter is not None
    assert transport._reply_waiter.result() == {"id": message_id}


# --- A whole request against a scripted device, on no socket --------------------------------

type Script = Callable[[int], list[bytes]]


class ScriptedDevice(asyncio.DatagramTransport):
    """Stands for the socket: answers a hello, and each request with the datagrams of a script.

    The script gets the id the request went out under; its datagrams arrive in order, each on its
    own turn of the event loop, as datagrams from a socket do. ``delivered`` waits for the last.
    """

    def __init__(self, owner: MiioTransport, script: Script) -> None:
        """Answer for ``owner`` with ``script``."""
        super().__init__()
        self._owner = owner
        self._script = script
        self._in_flight = 0
        self._idle: asyncio.Future[None] | None = None

    def sendto(self, data: bytes | bytearray | memoryview, addr: Any = None) -> None:
        """Take a datagram from the transport and schedule what the device answers."""
        if bytes(data) == HELLO:
            self._deliver(_header_only(DEVICE_ID, FIRST_STAMP))
            return
        packet = CODEC.decode(bytes(data))
        assert packet.plaintext is not None
        for datagram in self._script(decode_json(packet.plaintext)["id"]):
            self._deliver(datagram)

    def close(self) -> None:
        """Nothing to close."""

    async def delivered(self) -> None:
        """Return once every scheduled datagram reached the transport."""
        if self._in_flight:
            self._idle = asyncio.get_running_loop().create_future()
            await self._idle

    def _deliver(self, datagram: bytes) -> None:
        self._in_flight += 1
        asyncio.get_running_loop().call_soon(self._arrive, datagram)

    def _arrive(self, datagram: bytes) -> None:
        self._in_flight -= 1
        self._owner.datagram_received(datagram)
        if not self._in_flight and self._idle is not None and not self._idle.done():
            self._idle.set_result(None)


@dataclass(frozen=True, slots=True)
class Call:
    """A request's answer (``reply`` plaintext around the request's id) and junk around it."""

    reply: dict[str, Any]
    before: list[Callable[[int], bytes]]
    after: list[Callable[[int], bytes]]


def _sealed(message: dict[str, Any], *, token: bytes = TOKEN, device_id: int = DEVICE_ID) -> bytes:
    return MiioCodec(token).encode(device_id, FIRST_STAMP + 1, encode_json(message))


def _junk_for_a_call(max_depth: int) -> st.SearchStrategy[Callable[[int], bytes]]:
    """Datagrams that must never complete the call whose request carries ``message_id``.

    Deep nesting goes up to ``max_depth`` levels: packets of up to 64 KiB, past what Python 3.13's
    parser takes (3.14's takes any depth a packet can carry).
    """
    result = st.fixed_dictionaries({"result": json_values})

    def spoof(body: dict[str, Any]) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": message_id, **body}, token=OTHER_TOKEN)

    def foreign(body: dict[str, Any]) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": message_id, **body}, device_id=OTHER_DEVICE_ID)

    def request(body: dict[str, Any]) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": message_id, "method": "get_prop", **body})

    def other_id(offset: int) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": message_id + offset, "result": ["stale"]})

    def float_id(_: None) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": float(message_id), "result": ["float"]})

    def text_id(_: None) -> Callable[[int], bytes]:
        return lambda message_id: _sealed({"id": str(message_id), "result": ["text"]})

    def fixed(data: bytes) -> Callable[[int], bytes]:
        return lambda _message_id: data

    return st.one_of(
        result.map(spoof),
        result.map(foreign),
        result.map(request),
        st.integers(min_value=-BIG, max_value=BIG).filter(bool).map(other_id),
        st.none().map(float_id),
        st.none().map(text_id),
        st.binary(max_size=64).map(fixed),
        st.sampled_from([HELLO, _header_only(DEVICE_ID, 0), _header_only(OTHER_DEVICE_ID, 9)]).map(
            fixed
        ),
        st.builds(_sealed_deep, st.integers(1_000, max_depth)).map(fixed),
    )


def _sealed_deep(depth: int) -> bytes:
    return CODEC.encode(DEVICE_ID, 7, b'{"result": ' + b"[" * depth + b"]" * depth + b"}")


_replies = st.one_of(
    st.fixed_dictionaries({"result": json_values}),
    st.fixed_dictionaries(
        {
            "error": st.fixed_dictionaries(
                {"code": st.integers(min_value=-50_000, max_value=-1), "message": st.text()}
            )
        }
    ),
    st.fixed_dictionaries({"error": json_values}),
    st.fixed_dictionaries({"other": json_values}),
)
calls = st.builds(
    Call,
    reply=_replies,
    before=st.lists(_junk_for_a_call(max_depth=32_000), max_size=6),
    after=st.lists(_junk_for_a_call(max_depth=32_000), max_size=4),
)


def _expected(reply: dict[str, Any]) -> Any:
    """Return the request's result, or the type of error it must end in."""
    if "error" in reply:
        error = reply["error"]
        code = error.get("code") if isinstance(error, dict) else None
        if isinstance(code, int) and not isinstance(code, bool):
            return DeviceError
        return MalformedReplyError
    if "result" in reply:
        return reply["result"]
    return MalformedReplyError


@fuzz_settings(100)
@given(call=calls)
def test_a_request_gets_its_reply_through_any_junk(call: Call) -> None:
    def script(message_id: int) -> list[bytes]:
        reply = _sealed({"id": message_id, **call.reply})
        return [
            *(junk(message_id) for junk in call.before),
            reply,
            *(junk(message_id) for junk in call.after),
            reply,  # a duplicate of the reply: already taken
        ]

    async def request() -> tuple[Any, MiioTransport]:
        transport = MiioTransport("127.0.0.1", TOKEN, timeout=TIMEOUT, retries=0)
        device = ScriptedDevice(transport, script)
        transport._endpoint = device
        try:
            outcome = await transport.request("get_prop", ["power"], retry_device_errors=False)
        except MiioError as err:
            outcome = err
        await device.delivered()
        return outcome, transport

    outcome, transport = run(request())
    expected = _expected(call.reply)
    if isinstance(expected, type):
        assert isinstance(outcome, expected), outcome
    else:
        assert json.dumps(outcome, sort_keys=True) == json.dumps(expected, sort_keys=True)
    diagnostics = transport.diagnostics
    assert (diagnostics.calls, diagnostics.attempts, diagnostics.timeouts) == (1, 1, 0)
    # Junk before the reply, junk after it, and the repeated reply: every one counted.
    assert sum(diagnostics.dropped.values()) == len(call.before) + len(call.after) + 1


# --- The same over loopback, against the simulated device -----------------------------------


class JunkBeforeReplies(SimulatedDevice):
    """The simulated device, sending chosen datagrams before each command reply.

    ``junk`` gets the id of the request being answered and returns the datagrams to send first,
    from the device's own address; ``sent`` counts them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Take the arguments of ``SimulatedDevice``."""
        super().__init__(*args, **kwargs)
        self.junk: Callable[[int], list[bytes]] = lambda _message_id: []
        self.sent = 0
        self.replies: list[bytes] = []  # the command replies sent, spoofs left out

    def _reply(self, payload: dict[str, Any], addr: Address) -> None:
        message_id = payload.get("id")
        if isinstance(message_id, int):
            for datagram in self.junk(message_id):
                self.sent += 1
                self._send(datagram, addr)
            reply = self._codec.encode(self.device_id, self.stamp, encode_json(payload))
            self.replies.append(reply)
        super()._reply(payload, addr)


_REQUESTS: dict[str, tuple[str, list[str]]] = {
    "info": ("miIO.info", []),
    "props": ("get_prop", ["power", "mode", "st_temp_dec"]),
}


def _expected_answer(device: SimulatedDevice, kind: str, result: Any) -> tuple[Any, Any]:
    """Return the part of a result the test can predict, and what it must be."""
    if kind == "info":
        return {key: result[key] for key in ("model", "mac")}, {
            "model": device.model,
            "mac": device.mac.upper(),
        }
    return result, ["off", 1, 260]  # the profile's defaults: the device is left alone


async def _started[D: SimulatedDevice](make: Callable[[str], D]) -> D:
    """Start a device on the first free loopback address of the simulator's pool."""
    for host in _POOL.candidates():
        device = make(host)
        try:
            await device.start()
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise
            continue
        return device
    raise OSError(errno.EADDRINUSE, "no free loopback address")  # pragma: no cover


def test_requests_to_the_simulator_get_their_replies_through_junk() -> None:
    """Real sockets on 127.0.0.x: spoofs, replays and junk from the device's own address."""
    profile = PROFILES["zhimi.aircondition.v1"]
    with PrivateLoop() as loop:
        device = loop.run(
            _started(
                lambda host: JunkBeforeReplies(
                    profile, host, token=TOKEN, device_id=DEVICE_ID, faults=Faults(seed=13)
                )
            )
        )
        transport = MiioTransport(device.host, TOKEN, port=device.port, timeout=TIMEOUT, retries=0)
        replies: deque[bytes] = deque(maxlen=4)  # earlier replies, to send again as replays

        # Deep packets stay small enough that a few fit the socket's receive buffer.
        @fuzz_settings(40)
        @given(
            junk=st.lists(_junk_for_a_call(max_depth=8_000), max_size=5),
            replays=st.integers(min_value=0, max_value=2),
            spoof=st.booleans(),
            kind=st.sampled_from(sorted(_REQUESTS)),
        )
        def exchange(
            junk: list[Callable[[int], bytes]], replays: int, spoof: bool, kind: str
        ) -> None:
            again = list(replies)[-replays:] if replays else []
            device.junk = lambda message_id: [*again, *(each(message_id) for each in junk)]
            device.faults.spoofed_replies = int(spoof)  # a spoof sealed with another token first
            sent, dropped = device.sent, sum(transport.diagnostics.dropped.values())
            method, params = _REQUESTS[kind]
            result = loop.run(transport.request(method, params))
            predicted, expected = _expected_answer(device, kind, result)
            assert predicted == expected
            # Every junk datagram, replay and spoof came before the reply, and was counted.
            assert device.sent - sent == len(again) + len(junk)
            assert sum(transport.diagnostics.dropped.values()) - dropped == (
                len(again) + len(junk) + spoof
            )
            replies.extend(device.replies)
            device.replies.clear()

        try:
            exchange()
            assert transport.diagnostics.timeouts == 0
            assert transport.diagnostics.calls >= 40
        finally:
            transport.close()
            loop.run(device.stop())
