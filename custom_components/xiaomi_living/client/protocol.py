"""The miIO packet codec: a 32-byte header, an MD5 checksum and an AES-128-CBC payload.

Byte-for-byte compatible with python-miio's ``miio.protocol.Message`` (proven by a property test),
but built directly on ``cryptography`` so that encoding and decoding stay cheap on the event loop:
the cipher is set up once per token, padding is done by hand, and replies are parsed by
``orjson`` (which Home Assistant ships) where it is installed, by ``json`` otherwise or when
``orjson`` refuses.
"""

from __future__ import annotations

import hashlib
import json
import json.encoder
import struct
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .errors import ChecksumError, PacketError

_loads: Callable[[bytes], Any]
try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - Home Assistant ships orjson
    _loads = json.loads


def _not_serializable(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


# json.dumps with its defaults builds a C encoder for every call; one built once gives the same
# text (the property test compares with python-miio byte for byte), without the circular-reference
# check our own messages never need.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_encode_chunks: Callable[[Any, int], Any] | None = (
    None
    if _c_make_encoder is None
    else _c_make_encoder(
        None,
        _not_serializable,
        json.encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
)


def dumps(value: Any) -> str:
    """Return ``json.dumps(value)``."""
    if _encode_chunks is None:  # pragma: no cover - CPython has the C encoder
        return json.dumps(value)
    return "".join(_encode_chunks(value, 0))


MAGIC: Final = 0x2131
HEADER_SIZE: Final = 32
MAX_PACKET_SIZE: Final = 0xFFFF
HELLO: Final = bytes.fromhex("21310020") + b"\xff" * 28

_HEADER: Final = struct.Struct(">HHIII")  # magic, length, unknown, device id, stamp
# PKCS#7 padding for every plaintext length modulo the AES block size.
_PADDING: Final = tuple(bytes((16 - rest,)) * (16 - rest) for rest in range(16))
_md5: Final = hashlib.md5
# orjson turns an integer beyond 64 bits into a float, json keeps it: such a number (19 digits or
# more, found by mapping every digit to "0" and anything else to ".") goes to json.
_DIGITS: Final = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x2E for byte in range(256))
_LONG_NUMBER: Final = b"0" * 19


class Packet(NamedTuple):
    """A decoded packet. ``plaintext`` is None for a header-only packet (a hello reply).

    A named tuple rather than a frozen dataclass: it is built for every packet decoded, and a
    tuple is built several times faster (faster still with ``_new_packet``).
    """

    device_id: int
    stamp: int
    unknown: int
    checksum: bytes
    plaintext: bytes | None


# A named tuple's own __new__ is a Python function; tuple.__new__ builds the same object directly.
_new_packet: Final[Callable[[type[Packet], tuple[int, int, int, bytes, bytes | None]], Packet]] = (
    tuple.__new__
)


def parse_header(data: bytes) -> Packet:
    """Parse the 32-byte header of a datagram without checking the checksum or decrypting."""
    return Packet(*_checked_header(data), bytes(data[16:HEADER_SIZE]), None)


def _checked_header(data: bytes) -> tuple[int, int, int]:
    """Return (device id, stamp, unknown) of a datagram with a valid magic and length."""
    if len(data) < HEADER_SIZE:
        raise PacketError(f"packet of {len(data)} bytes is shorter than a header")
    magic, length, unknown, device_id, stamp = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise PacketError(f"bad magic 0x{magic:04x}")
    if length != len(data):
        raise PacketError(f"length field says {length} bytes, datagram has {len(data)}")
    return device_id, stamp, unknown


def unpack_header(data: bytes) -> tuple[int, int, int, int, int]:
    """Return (magic, length, unknown, device id, stamp) of a datagram at least a header long."""
    return _HEADER.unpack_from(data)


def encode_json(message: Any) -> bytes:
    """Serialize a message the way devices and python-miio do: compact-enough JSON plus a NUL."""
    if _encode_chunks is None:  # pragma: no cover - CPython has the C encoder
        return json.dumps(message).encode() + b"\x00"
    # dumps() inlined: the text is ASCII (non-ASCII is escaped), one function call less
    return "".join(_encode_chunks(message, 0)).encode() + b"\x00"


def encode_request(message_id: int, method_json: bytes, params_json: bytes) -> bytes:
    """Return ``encode_json({"id": ..., "method": ..., "params": ...})`` from encoded parts.

    ``method_json`` and ``params_json`` are ``json.dumps`` of the method and the parameters: a
    request that goes out again and again (a poll) encodes them once.
    """
    return b'{"id": %d, "method": %b, "params": %b}\x00' % (message_id, method_json, params_json)


def decode_json(plaintext: bytes) -> Any:
    """Parse a decrypted payload, tolerating the trailing NUL and junk devices append."""
    end = plaintext.find(b"\x00")
    body = plaintext if end < 0 else plaintext[:end]
    # find() rather than `in`: the same search, several times faster on bytes (CPython 3.13)
    if body.translate(_DIGITS).find(_LONG_NUMBER) < 0:
        try:
            return _loads(body)
        except ValueError:
            pass  # not strict JSON: let the standard parser say what it makes of it
    text = body.decode("utf-8", errors="replace").strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # Some firmware appends garbage after the JSON object: keep the first complete value.
        value, _ = json.JSONDecoder().raw_decode(text)
        return value


class MiioCodec:
    """Encode and decode packets for one device token.

    ``cryptography``'s public API gives a CBC context per message (``encryptor()``,
    ``decryptor()``; no way to reset one to the IV), which is most of what a packet costs. Padding
    is done by hand, so a context's ``update`` returns every block at once: ``finalize`` (which
    would return nothing) is never called, a context is simply dropped.
    """

    __slots__ = ("_cipher", "_token")

    def __init__(self, token: bytes) -> None:
        """Derive the AES key (MD5 of the token) and IV (MD5 of key + token)."""
        if len(token) != 16:
            raise ValueError("a miIO token is 16 bytes")
        key = _md5(token).digest()
        iv = _md5(key + token).digest()
        self._token = token
        self._cipher = Cipher(algorithms.AES(key), modes.CBC(iv))

    @property
    def token(self) -> bytes:
        """The device token this codec uses."""
        return self._token

    def encrypt(self, plaintext: bytes) -> bytes:
        """Pad (PKCS#7) and encrypt a payload."""
        # Whole blocks in, whole blocks out: CBC without padding holds nothing back for finalize
        return self._cipher.encryptor().update(plaintext + _PADDING[len(plaintext) % 16])

    def decrypt(self, ciphertext: bytes) -> bytes:
        """Decrypt and unpad a payload."""
        if not ciphertext or len(ciphertext) % 16:
            raise PacketError(f"payload of {len(ciphertext)} bytes is not whole AES blocks")
        padded = self._cipher.decryptor().update(ciphertext)
        pad = padded[-1]
        if not 0 < pad <= 16 or padded[-pad:] != _PADDING[16 - pad]:
            raise PacketError("bad padding")
        return padded[:-pad]

    def checksum(self, header16: bytes, payload: bytes) -> bytes:
        """MD5 over the first 16 header bytes, the token and the encrypted payload."""
        return _md5(header16 + self._token + payload).digest()

    def encode(self, device_id: int, stamp: int, plaintext: bytes, *, unknown: int = 0) -> bytes:
        """Build a complete packet around an (unencrypted) payload."""
        # encrypt() inlined: this runs for every request sent
        payload = self._cipher.encryptor().update(plaintext + _PADDING[len(plaintext) % 16])
        length = HEADER_SIZE + len(payload)
        if length > MAX_PACKET_SIZE:
            raise PacketError(f"message of {length} bytes does not fit a miIO packet")
        header16 = _HEADER.pack(MAGIC, length, unknown, device_id & 0xFFFFFFFF, stamp & 0xFFFFFFFF)
        return header16 + _md5(header16 + self._token + payload).digest() + payload

    def verifies(self, data: bytes) -> bool:
        """Whether the checksum of a packet longer than a header verifies with the token."""
        return _md5(data[:16] + self._token + data[HEADER_SIZE:]).digest() == data[16:HEADER_SIZE]

    def open(self, data: bytes) -> bytes:
        """Verify the checksum of a packet longer than a header and return its plaintext.

        The header's magic and length are the caller's to check (``unpack_header``).
        """
        payload = data[HEADER_SIZE:]
        if _md5(data[:16] + self._token + payload).digest() != data[16:HEADER_SIZE]:
            raise ChecksumError("checksum does not verify")
        # decrypt() inlined: this runs for every reply taken
        if not payload or len(payload) % 16:
            raise PacketError(f"payload of {len(payload)} bytes is not whole AES blocks")
        padded = self._cipher.decryptor().update(payload)
        pad = padded[-1]
        if not 0 < pad <= 16 or padded[-pad:] != _PADDING[16 - pad]:
            raise PacketError("bad padding")
        return padded[:-pad]

    def decode(self, data: bytes) -> Packet:
        """Verify and decrypt a packet; a header-only packet (a hello reply) comes back as it is."""
        size = len(data)
        if size < HEADER_SIZE:
            raise PacketError(f"packet of {size} bytes is shorter than a header")
        # _checked_header() inlined: this runs for every packet decoded
        magic, length, unknown, device_id, stamp = _HEADER.unpack_from(data)
        if magic != MAGIC:
            raise PacketError(f"bad magic 0x{magic:04x}")
        if length != size:
            raise PacketError(f"length field says {length} bytes, datagram has {size}")
        if type(data) is not bytes:
            data = bytes(data)
        plaintext = None if size == HEADER_SIZE else self.open(data)
        return _new_packet(Packet, (device_id, stamp, unknown, data[16:HEADER_SIZE], plaintext))
