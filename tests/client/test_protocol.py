"""The packet codec against python-miio's ``Message``, and the reply path against hostile input."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from miio.protocol import Message

from custom_components.xiaomi_living.client.errors import ChecksumError, MiioError, PacketError
from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MiioCodec,
    decode_json,
    dumps,
    encode_json,
    encode_request,
    parse_header,
)
from custom_components.xiaomi_living.client.transport import DropReason, MiioTransport

# python-miio turns the stamp into a naive datetime (utcfromtimestamp on parse, calendar.timegm on
# build), so naive datetimes counted from the epoch give the exact stamp whatever the local zone.
_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - python-miio's TimeAdapter works on naive UTC

tokens = st.binary(min_size=16, max_size=16)
device_ids = st.integers(min_value=0, max_value=2**32 - 1)
stamps = st.integers(min_value=0, max_value=2**32 - 1)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)
messages = st.fixed_dictionaries(
    {"id": st.integers(min_value=1, max_value=2**31 - 1), "method": st.text(max_size=30)},
    optional={"params": json_values, "result": json_values},
)


def miio_build(token: bytes, device_id: int, stamp: int, payload: Any) -> bytes:
    """Build a packet with python-miio, as its ``MiIOProtocol.send`` does."""
    header = {
        "length": 0,
        "unknown": 0,
        "device_id": device_id.to_bytes(4, "big"),
        "ts": _EPOCH + timedelta(seconds=stamp),
    }
    built: bytes = Message.build(
        {"data": {"value": payload}, "header": {"value": header}, "checksum": 0}, token=token
    )
    return built


@contextmanager
def local_time_zone(name: str) -> Iterator[None]:
    """Run with another process time zone, so a naive-datetime slip in the stamp would show."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


@settings(max_examples=200, deadline=None)
@given(token=tokens, device_id=device_ids, stamp=stamps, payload=messages)
def test_encode_is_byte_identical_to_python_miio(
    token: bytes, device_id: int, stamp: int, payload: dict[str, Any]
) -> None:
    ours = MiioCodec(token).encode(device_id, stamp, encode_json(payload))
    assert ours == miio_build(token, device_id, stamp, payload)


@settings(max_examples=200, deadline=None)
@given(token=tokens, device_id=device_ids, stamp=stamps, payload=messages)
def test_decode_agrees_with_python_miio(
    token: bytes, device_id: int, stamp: int, payload: dict[str, Any]
) -> None:
    # Decode what python-miio built ...
    packet = MiioCodec(token).decode(miio_build(token, device_id, stamp, payload))
    assert (packet.device_id, packet.stamp, packet.unknown) == (device_id, stamp, 0)
    assert packet.plaintext is not None
    assert decode_json(packet.plaintext) == payload
    # ... and let python-miio parse what we built.
    parsed = Message.parse(
        MiioCodec(token).encode(device_id, stamp, encode_json(payload)), token=token
    )
    assert parsed.data.value == payload
    assert parsed.header.value.device_id == device_id.to_bytes(4, "big")
    assert parsed.header.value.ts == _EPOCH + timedelta(seconds=stamp)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Los_Angeles"])
def test_stamp_does_not_depend_on_the_local_time_zone(zone: str) -> None:
    token = bytes(range(16))
    payload = {"id": 7, "method": "miIO.info", "params": []}
    with local_time_zone(zone):
        reference = miio_build(token, 0x12345678, 1_700_000_000, payload)
        parsed = Message.parse(reference, token=token)
    assert parse_header(reference).stamp == 1_700_000_000
    assert parsed.header.value.ts == _EPOCH + timedelta(seconds=1_700_000_000)
    assert MiioCodec(token).encode(0x12345678, 1_700_000_000, encode_json(payload)) == reference


def test_hello_is_what_python_miio_parses_as_a_hello() -> None:
    parsed = Message.parse(HELLO)
    assert parsed.header.value.length == HEADER_SIZE
    assert parsed.header.value.device_id == b"\xff" * 4
    assert parsed.checksum == b"\xff" * 16


def test_decode_rejects_a_wrong_token() -> None:
    packet = MiioCodec(b"\x01" * 16).encode(1, 2, encode_json({"id": 1, "result": ["ok"]}))
    with pytest.raises(ChecksumError):
        MiioCodec(b"\x02" * 16).decode(packet)


def test_decode_json_tolerates_trailing_nul_and_junk() -> None:
    assert decode_json(b'{"id": 1, "result": [0]}\x00') == {"id": 1, "result": [0]}
    assert decode_json(b'{"id": 1, "result": [0]}\x00\x00garbage') == {"id": 1, "result": [0]}
    assert decode_json(b'{"id": 1, "result": [0]} trailing junk') == {"id": 1, "result": [0]}


def test_codec_edge_cases() -> None:
    codec = MiioCodec(bytes(16))
    with pytest.raises(ValueError, match="16 bytes"):
        MiioCodec(bytes(15))
    with pytest.raises(PacketError, match="whole AES blocks"):
        codec.decrypt(bytes(17))
    with pytest.raises(PacketError, match="padding"):
        codec.decrypt(bytes(16))
    with pytest.raises(PacketError, match="does not fit"):
        codec.encode(1, 1, bytes(0x10000))
    hello_reply = codec.decode(HELLO[:4] + bytes(12) + bytes(16))
    assert hello_reply.plaintext is None
    assert hello_reply.device_id == 0


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=200))
def test_codec_raises_only_packet_errors_on_random_bytes(data: bytes) -> None:
    with suppress(PacketError):
        MiioCodec(b"\x03" * 16).decode(data)


# --- The reply path of the transport, fed hostile datagrams -------------------------------------

_TOKEN = bytes.fromhex("00112233445566778899aabbccddeeff")
_DEVICE_ID = 0x0BADCAFE
_PENDING_ID = 4242


def _run[T](coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a private loop, leaving the test session's current loop alone."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def _transport_waiting_for_a_reply(loop: asyncio.AbstractEventLoop) -> MiioTransport:
    """Make a transport in the middle of a call: it knows the device and waits for id 4242."""
    transport = MiioTransport("127.0.0.1", _TOKEN)
    transport._device_id = _DEVICE_ID
    transport._need_hello = False
    transport._reply_waiter = loop.create_future()
    transport._call_ids[_PENDING_ID] = loop.time()
    return transport


def _feed(datagrams: list[bytes]) -> tuple[MiioTransport, dict[str, Any] | None]:
    """Feed datagrams to a waiting transport; return it and the reply it took, if any."""

    async def run() -> tuple[MiioTransport, dict[str, Any] | None]:
        transport = _transport_waiting_for_a_reply(asyncio.get_running_loop())
        for datagram in datagrams:
            transport.datagram_received(datagram)
        waiter = transport._reply_waiter
        assert waiter is not None
        return transport, waiter.result() if waiter.done() else None

    return _run(run())


def _valid_reply(message_id: int = _PENDING_ID, stamp: int = 100) -> bytes:
    return MiioCodec(_TOKEN).encode(
        _DEVICE_ID, stamp, encode_json({"id": message_id, "result": ["ok"]})
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datagrams=st.lists(st.binary(max_size=120), max_size=5))
def test_random_datagrams_are_dropped(datagrams: list[bytes]) -> None:
    transport, reply = _feed(datagrams)
    assert reply is None
    assert sum(transport.diagnostics.dropped.values()) == len(datagrams)


@st.composite
def mutated_replies(draw: st.DrawFn) -> bytes:
    """Draw a valid reply with bytes flipped, cut off or appended."""
    packet = bytearray(_valid_reply())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        match draw(st.sampled_from(["flip", "truncate", "extend"])):
            case "flip":
                index = draw(st.integers(min_value=0, max_value=len(packet) - 1))
                packet[index] ^= draw(st.integers(min_value=1, max_value=255))
            case "truncate":
                del packet[draw(st.integers(min_value=0, max_value=len(packet) - 1)) :]
            case "extend":
                packet += draw(st.binary(min_size=1, max_size=32))
        if not packet:
            break
    return bytes(packet)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datagram=mutated_replies())
def test_mutated_replies_are_dropped_or_taken_whole(datagram: bytes) -> None:
    transport, reply = _feed([datagram])
    if reply is None:
        assert sum(transport.diagnostics.dropped.values()) == 1
    else:
        # Only a flip inside the 16 unchecked header bytes (unknown, stamp) can leave it valid.
        assert reply == {"id": _PENDING_ID, "result": ["ok"]}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plaintext=st.binary(max_size=100) | st.builds(encode_json, json_values))
def test_verified_packets_with_any_plaintext_never_raise(plaintext: bytes) -> None:
    packet = MiioCodec(_TOKEN).encode(_DEVICE_ID, 5, plaintext)
    transport, reply = _feed([packet])
    if reply is None:
        assert sum(transport.diagnostics.dropped.values()) == 1
    else:
        assert reply["id"] == _PENDING_ID


def _sealed(payload: bytes) -> bytes:
    """Wrap raw bytes as the payload of a packet whose checksum verifies, without encrypting."""
    header16 = parse_header(_valid_reply())
    length = (HEADER_SIZE + len(payload)).to_bytes(2, "big")
    head = HELLO[:2] + length + bytes(4) + header16.device_id.to_bytes(4, "big") + bytes(4)
    return head + MiioCodec(_TOKEN).checksum(head, payload) + payload


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.binary(min_size=1, max_size=100))
def test_verified_packets_that_do_not_decrypt_are_dropped(payload: bytes) -> None:
    transport, reply = _feed([_sealed(payload)])
    assert reply is None
    assert transport.diagnostics.dropped == {DropReason.UNDECODABLE: 1}
    assert transport._token_suspect


def test_unreadable_packets_between_calls_do_not_suspect_the_token() -> None:
    async def run() -> MiioTransport:
        transport = MiioTransport("127.0.0.1", _TOKEN)
        transport._device_id = _DEVICE_ID
        transport.datagram_received(MiioCodec(bytes(16)).encode(_DEVICE_ID, 1, b"{}"))
        return transport

    transport = _run(run())
    assert transport.diagnostics.dropped == {DropReason.UNVERIFIABLE: 1}
    assert not transport._token_suspect


def test_drop_reasons() -> None:
    codec = MiioCodec(_TOKEN)
    replayed = _valid_reply()
    transport, reply = _feed(
        [
            b"\x00" * 40,  # not a miIO packet
            HELLO,  # a header only, while no hello is awaited
            _valid_reply()[:-16] + bytes(16),  # checksum breaks
            MiioCodec(b"\x07" * 16).encode(_DEVICE_ID, 1, b'{"id": 4242}'),  # another token
            codec.encode(_DEVICE_ID + 1, 1, encode_json({"id": _PENDING_ID, "result": []})),
            codec.encode(_DEVICE_ID, 1, b"\xff\xfe not json"),
            codec.encode(_DEVICE_ID, 1, encode_json({"id": 1, "method": "get_prop"})),
            codec.encode(_DEVICE_ID, 1, encode_json(["no", "id"])),
            _valid_reply(message_id=9),  # an id nobody waits for
            replayed,
            replayed,
        ]
    )
    assert reply == {"id": _PENDING_ID, "result": ["ok"]}
    assert transport.diagnostics.dropped == {
        DropReason.MALFORMED: 1,
        DropReason.UNEXPECTED: 3,
        DropReason.UNVERIFIABLE: 2,
        DropReason.FOREIGN: 1,
        DropReason.UNDECODABLE: 1,
        DropReason.STALE: 1,
        DropReason.DUPLICATE: 1,
    }
    assert transport._token_suspect


async def test_closing_fails_the_waiting_call() -> None:
    transport = _transport_waiting_for_a_reply(asyncio.get_running_loop())
    waiter = transport._reply_waiter
    assert waiter is not None
    transport.close()
    with pytest.raises(MiioError, match="closed"):
        waiter.result()


@settings(max_examples=200, deadline=None)
@given(
    message_id=st.integers(min_value=1, max_value=2**31 - 1),
    method=st.text(max_size=30),
    params=json_values,
)
def test_a_request_from_encoded_parts_is_the_whole_request_encoded(
    message_id: int, method: str, params: Any
) -> None:
    whole = encode_json({"id": message_id, "method": method, "params": params})
    parts = encode_request(message_id, dumps(method).encode(), dumps(params).encode())
    assert parts == whole


def test_checksum_check_alone() -> None:
    codec = MiioCodec(_TOKEN)
    packet = _valid_reply()
    assert codec.verifies(packet)
    assert not MiioCodec(bytes(16)).verifies(packet)


def test_decode_takes_any_buffer_and_open_refuses_what_decrypt_refuses() -> None:
    codec = MiioCodec(bytes(range(16)))
    packet = codec.encode(7, 8, encode_json({"id": 1, "result": ["ok"]}))
    for data in (packet, bytearray(packet), memoryview(packet)):
        decoded = codec.decode(data)
        assert decoded == (7, 8, 0, packet[16:HEADER_SIZE], codec.decrypt(packet[HEADER_SIZE:]))
        assert type(decoded.checksum) is bytes
    assert decode_json(codec.open(packet)) == {"id": 1, "result": ["ok"]}
    # A checksum that verifies over a payload that is not whole blocks, or not padded
    for payload in (bytes(17), bytes(16)):
        header = bytearray(packet[:16])
        header[2:4] = (HEADER_SIZE + len(payload)).to_bytes(2, "big")
        sealed = bytes(header) + codec.checksum(bytes(header), payload) + payload
        with pytest.raises(PacketError):
            codec.open(sealed)
        with pytest.raises(PacketError):
            codec.decode(sealed)
