"""The miIO packet codec under arbitrary input: round trips, python-miio's bytes, typed errors only.

``MiioCodec.decode`` may only return a packet or raise ``PacketError`` (``ChecksumError`` for one
that does not verify): the transport catches exactly those two. ``decode_json`` may only return a
value or raise what the transport catches around it, ``ValueError`` or ``RecursionError``.
"""

from __future__ import annotations

import json
import math
import struct
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from miio.protocol import Message

from custom_components.xiaomi_living.client.errors import ChecksumError, PacketError
from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MAGIC,
    MAX_PACKET_SIZE,
    MiioCodec,
    Packet,
    decode_json,
    encode_json,
    parse_header,
)
from tests.fuzz import fuzz_settings, json_values, nested

tokens = st.binary(min_size=16, max_size=16)
words = st.integers(min_value=0, max_value=2**32 - 1)
# What the transport catches around decode_json (test_fuzz_transport feeds it both).
DECODE_JSON_ERRORS = (ValueError, RecursionError)

_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - python-miio's TimeAdapter works on naive UTC


def _comparable(value: Any) -> str:
    """JSON text with sorted keys: equal for equal values, -0.0 and 0.0 told apart."""
    return json.dumps(value, sort_keys=True)


def _packet(token: bytes, device_id: int, stamp: int, payload: Any, unknown: int = 0) -> bytes:
    return MiioCodec(token).encode(device_id, stamp, encode_json(payload), unknown=unknown)


@st.composite
def valid_packets(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """Draw a token and a packet sealed with it."""
    token = draw(tokens)
    payload = draw(json_values)
    return token, _packet(token, draw(words), draw(words), payload, draw(words))


# --- Round trips and python-miio --------------------------------------------------------------


@fuzz_settings(100)
@given(
    token=tokens,
    device_id=st.integers(min_value=-(2**40), max_value=2**40),
    stamp=st.integers(min_value=-(2**40), max_value=2**40),
    unknown=words,
    payload=json_values,
)
def test_encode_then_decode_round_trips(
    token: bytes, device_id: int, stamp: int, unknown: int, payload: Any
) -> None:
    codec = MiioCodec(token)
    data = codec.encode(device_id, stamp, encode_json(payload), unknown=unknown)
    packet = codec.decode(data)
    # Ids and stamps are 32-bit on the wire: they wrap, as the device's own clock does.
    assert (packet.device_id, packet.stamp, packet.unknown) == (
        device_id & 0xFFFFFFFF,
        stamp & 0xFFFFFFFF,
        unknown,
    )
    assert packet.plaintext == encode_json(payload)
    assert _comparable(decode_json(packet.plaintext)) == _comparable(payload)
    # Header, checksum and whole AES blocks after it.
    assert len(data) == HEADER_SIZE + (len(packet.plaintext) // 16 + 1) * 16
    assert parse_header(data) == Packet(packet.device_id, packet.stamp, unknown, data[16:32], None)


@fuzz_settings(25)
@given(token=tokens, size=st.integers(min_value=0, max_value=MAX_PACKET_SIZE + 64))
def test_encode_fits_a_packet_or_raises_packet_error(token: bytes, size: int) -> None:
    plaintext = bytes(range(256)) * (size // 256) + bytes(size % 256)
    length = HEADER_SIZE + (size // 16 + 1) * 16
    codec = MiioCodec(token)
    if length > MAX_PACKET_SIZE:
        with pytest.raises(PacketError, match="does not fit"):
            codec.encode(1, 2, plaintext)
    else:
        assert codec.decode(codec.encode(1, 2, plaintext)).plaintext == plaintext


def _miio_build(token: bytes, device_id: int, stamp: int, payload: Any, unknown: int) -> bytes:
    header = {
        "length": 0,
        "unknown": unknown,
        "device_id": device_id.to_bytes(4, "big"),
        "ts": _EPOCH + timedelta(seconds=stamp),
    }
    built: bytes = Message.build(
        {"data": {"value": payload}, "header": {"value": header}, "checksum": 0}, token=token
    )
    return built


@fuzz_settings(60)
@given(token=tokens, device_id=words, stamp=words, unknown=words, payload=json_values)
def test_bytes_are_python_miios_for_any_payload_and_header(
    token: bytes, device_id: int, stamp: int, unknown: int, payload: Any
) -> None:
    """Any JSON value (not only requests), with any ``unknown`` word: python-miio's very bytes."""
    ours = _packet(token, device_id, stamp, payload, unknown)
    assert ours == _miio_build(token, device_id, stamp, payload, unknown)
    parsed = Message.parse(ours, token=token)
    assert _comparable(parsed.data.value) == _comparable(payload)
    assert parsed.header.value.unknown == unknown


# --- decode: a packet or a PacketError, never anything else ---------------------------------


def _decode_or_packet_error(token: bytes, data: bytes) -> Packet | PacketError:
    """Return what ``decode`` returns or raises; any other exception fails the test."""
    try:
        return MiioCodec(token).decode(data)
    except PacketError as err:
        return err


@fuzz_settings(200)
@given(token=tokens, data=st.binary(max_size=160))
def test_random_bytes_decode_to_a_packet_or_a_packet_error(token: bytes, data: bytes) -> None:
    outcome = _decode_or_packet_error(token, data)
    if isinstance(outcome, Packet):
        # Only a header that says its own length gets through: a hello-sized packet (no payload).
        assert len(data) == HEADER_SIZE
        assert data[:4] == struct.pack(">HH", MAGIC, HEADER_SIZE)
        assert outcome.plaintext is None


@st.composite
def headed_junk(draw: st.DrawFn) -> bytes:
    """Draw a datagram with a right magic and length field, and random bytes after them."""
    size = draw(st.integers(min_value=HEADER_SIZE, max_value=HEADER_SIZE + 96))
    rest = draw(st.binary(min_size=size - 4, max_size=size - 4))
    return struct.pack(">HH", MAGIC, size) + rest


@fuzz_settings(100)
@given(token=tokens, data=headed_junk())
def test_headed_junk_fails_the_checksum(token: bytes, data: bytes) -> None:
    outcome = _decode_or_packet_error(token, data)
    if len(data) == HEADER_SIZE:
        assert isinstance(outcome, Packet)
        assert outcome.plaintext is None
    else:
        assert isinstance(outcome, ChecksumError)


@fuzz_settings(100)
@given(packet=valid_packets(), length=words.map(lambda word: word & 0xFFFF))
def test_a_wrong_length_field_is_a_packet_error(packet: tuple[bytes, bytes], length: int) -> None:
    token, data = packet
    assume(length != len(data))
    data = data[:2] + length.to_bytes(2, "big") + data[4:]
    outcome = _decode_or_packet_error(token, data)
    assert isinstance(outcome, PacketError)
    assert not isinstance(outcome, ChecksumError)
    assert "length field" in str(outcome)


@fuzz_settings(100)
@given(packet=valid_packets(), data=st.data())
def test_truncated_or_extended_packets_are_packet_errors(
    packet: tuple[bytes, bytes], data: st.DataObject
) -> None:
    token, whole = packet
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 1), label="cut")
    tail = data.draw(st.binary(max_size=48), label="tail")
    mangled = whole[:cut] + tail
    assume(mangled != whole)
    outcome = _decode_or_packet_error(token, mangled)
    if len(mangled) == HEADER_SIZE and mangled[:4] == HELLO[:4]:
        assert isinstance(outcome, Packet)  # a header-only packet is a hello answer
    else:
        assert isinstance(outcome, PacketError)


@fuzz_settings(100)
@given(packet=valid_packets(), data=st.data())
def test_any_flipped_bit_is_caught_with_the_right_error(
    packet: tuple[bytes, bytes], data: st.DataObject
) -> None:
    """The checksum covers everything past the length field, so every flip there is caught."""
    token, whole = packet
    flips = data.draw(
        st.dictionaries(
            st.integers(min_value=0, max_value=len(whole) - 1),
            st.integers(min_value=1, max_value=255),
            min_size=1,
            max_size=4,
        ),
        label="flips",
    )
    mangled = bytearray(whole)
    for index, mask in flips.items():
        mangled[index] ^= mask
    outcome = _decode_or_packet_error(token, bytes(mangled))
    assert isinstance(outcome, PacketError)
    if min(flips) >= 4:
        assert isinstance(outcome, ChecksumError)
    else:  # magic or length broken: no checksum is even computed
        assert not isinstance(outcome, ChecksumError)


@fuzz_settings(100)
@given(token=tokens, device_id=words, payload=st.binary(min_size=1, max_size=128))
def test_a_checksum_over_garbage_verifies_but_garbage_does_not_decrypt(
    token: bytes, device_id: int, payload: bytes
) -> None:
    """A sealed payload that is no AES of ours: a packet of some bytes, or a PacketError."""
    codec = MiioCodec(token)
    header16 = struct.pack(">HHIII", MAGIC, HEADER_SIZE + len(payload), 0, device_id, 7)
    data = header16 + codec.checksum(header16, payload) + payload
    outcome = _decode_or_packet_error(token, data)
    if isinstance(outcome, Packet):
        assert len(payload) % 16 == 0
        assert outcome.plaintext is not None
        assert len(outcome.plaintext) < len(payload)
    else:
        assert not isinstance(outcome, ChecksumError)
        assert len(payload) % 16 != 0 or "padding" in str(outcome)


@fuzz_settings(50)
@given(packet=valid_packets(), other=tokens)
def test_another_token_never_verifies(packet: tuple[bytes, bytes], other: bytes) -> None:
    token, data = packet
    assume(other != token)
    assert isinstance(_decode_or_packet_error(other, data), ChecksumError)


# --- decode_json: a value, or exactly what the transport catches -----------------------------


def _decode_json_outcome(plaintext: bytes) -> Any:
    try:
        return decode_json(plaintext)
    except DECODE_JSON_ERRORS as err:
        return err


_JSON_PIECES = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b'"',
        b'"id"',
        b"1",
        b"-",
        b"1e999",
        b"NaN",
        b"Infinity",
        b"-Infinity",
        b"null",
        b"true",
        b"\\u",
        b"\\ud800",
        b"\x00",
        b"\xff",
        b"\xef\xbb\xbf",
        b" ",
        b"9" * 5000,
    ]
)


@fuzz_settings(150)
@given(
    plaintext=st.binary(max_size=200)
    | st.lists(_JSON_PIECES, max_size=30).map(b"".join)
    | st.integers(min_value=1, max_value=200_000).map(lambda depth: b"[" * depth + b"]" * depth)
    | st.integers(min_value=1, max_value=200_000).map(lambda depth: b'{"a":' * depth)
)
def test_decode_json_ends_in_a_value_or_a_caught_error(plaintext: bytes) -> None:
    outcome = _decode_json_outcome(plaintext)
    if not isinstance(outcome, BaseException):
        json.dumps(outcome)  # a plain JSON value (NaN and the infinities included)


@fuzz_settings(80)
@given(value=json_values, junk=st.binary(max_size=40))
def test_decode_json_keeps_the_value_before_the_nul(value: Any, junk: bytes) -> None:
    assert _comparable(decode_json(encode_json(value) + junk)) == _comparable(value)


@fuzz_settings(60)
@given(
    value=st.dictionaries(st.text(max_size=8), json_values, max_size=4)
    | st.lists(json_values, max_size=4),
    junk=st.binary(max_size=40).filter(lambda junk: b"\x00" not in junk),
)
def test_decode_json_keeps_the_first_object_before_junk(value: Any, junk: bytes) -> None:
    """Firmware that appends garbage after an object or a list without a NUL: the first value."""
    text = json.dumps(value).encode()
    outcome = _decode_json_outcome(text + b" " + junk)
    # Junk that decodes to whitespace only, or nothing, is no junk at all.
    assert _comparable(outcome) == _comparable(value)


@pytest.mark.parametrize("depth", [1, 10, 100])
def test_nesting_devices_send_is_read(depth: int) -> None:
    assert decode_json(encode_json(nested(depth, 7))) == nested(depth, 7)


def test_nesting_past_any_stack_is_a_recursion_error() -> None:
    assert isinstance(_decode_json_outcome(b"[" * 100_000 + b"]" * 100_000), RecursionError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(b"1e999", math.inf), (b"-Infinity", -math.inf), (b"[NaN]", "nan"), (b"9" * 5000, ValueError)],
)
def test_hostile_numbers(text: bytes, expected: Any) -> None:
    outcome = _decode_json_outcome(text)
    if expected is ValueError:
        assert isinstance(outcome, ValueError)
    elif expected == "nan":
        assert math.isnan(outcome[0])
    else:
        assert outcome == expected
