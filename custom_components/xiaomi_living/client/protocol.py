"""The miIO packet codec: a 32-byte header, an MD5 checksum and an AES-128-CBC payload.

Byte-for-byte compatible with python-miio's ``miio.protocol.Message`` (proven by a property test),
but built directly on ``cryptography`` so that encoding and decoding stay cheap on the event loop.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from typing import Any, Final

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .errors import ChecksumError, PacketError

MAGIC: Final = 0x2131
HEADER_SIZE: Final = 32
MAX_PACKET_SIZE: Final = 0xFFFF
HELLO: Final = bytes.fromhex("21310020") + b"\xff" * 28

_HEADER: Final = struct.Struct(">HHIII")  # magic, length, unknown, device id, stamp


@dataclass(frozen=True, slots=True)
class Packet:
    """A decoded packet. ``plaintext`` is None for a header-only packet (a hello reply)."""

    device_id: int
    stamp: int
    unknown: int
    checksum: bytes
    plaintext: bytes | None


def parse_header(data: bytes) -> Packet:
    """Parse the 32-byte header of a datagram without checking the checksum or decrypting."""
    if len(data) < HEADER_SIZE:
        raise PacketError(f"packet of {len(data)} bytes is shorter than a header")
    magic, length, unknown, device_id, stamp = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise PacketError(f"bad magic 0x{magic:04x}")
    if length != len(data):
        raise PacketError(f"length field says {length} bytes, datagram has {len(data)}")
    return Packet(device_id, stamp, unknown, bytes(data[16:32]), None)


def encode_json(message: Any) -> bytes:
    """Serialize a message the way devices and python-miio do: compact-enough JSON plus a NUL."""
    return json.dumps(message).encode("utf-8") + b"\x00"


def decode_json(plaintext: bytes) -> Any:
    """Parse a decrypted payload, tolerating the trailing NUL and junk devices append."""
    end = plaintext.find(b"\x00")
    text = (plaintext if end < 0 else plaintext[:end]).decode("utf-8", errors="replace").strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        # Some firmware appends garbage after the JSON object: keep the first complete value.
        value, _ = json.JSONDecoder().raw_decode(text)
        return value


class MiioCodec:
    """Encode and decode packets for one device token."""

    __slots__ = ("_cipher", "_token")

    def __init__(self, token: bytes) -> None:
        """Derive the AES key (MD5 of the token) and IV (MD5 of key + token)."""
        if len(token) != 16:
            raise ValueError("a miIO token is 16 bytes")
        key = hashlib.md5(token).digest()  # noqa: S324 - the protocol mandates MD5
        iv = hashlib.md5(key + token).digest()  # noqa: S324
        self._token = token
        self._cipher = Cipher(algorithms.AES(key), modes.CBC(iv))

    @property
    def token(self) -> bytes:
        """The device token this codec uses."""
        return self._token

    def encrypt(self, plaintext: bytes) -> bytes:
        """Pad (PKCS#7) and encrypt a payload."""
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
        encryptor = self._cipher.encryptor()
        return encryptor.update(padded) + encryptor.finalize()

    def decrypt(self, ciphertext: bytes) -> bytes:
        """Decrypt and unpad a payload."""
        if not ciphertext or len(ciphertext) % 16:
            raise PacketError(f"payload of {len(ciphertext)} bytes is not whole AES blocks")
        decryptor = self._cipher.decryptor()
        padded = decryptor.update(ciphertext) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        try:
            return unpadder.update(padded) + unpadder.finalize()
        except ValueError as err:
            raise PacketError("bad padding") from err

    def checksum(self, header16: bytes, payload: bytes) -> bytes:
        """MD5 over the first 16 header bytes, the token and the encrypted payload."""
        return hashlib.md5(header16 + self._token + payload).digest()  # noqa: S324

    def encode(self, device_id: int, stamp: int, plaintext: bytes, *, unknown: int = 0) -> bytes:
        """Build a complete packet around an (unencrypted) payload."""
        payload = self.encrypt(plaintext)
        length = HEADER_SIZE + len(payload)
        if length > MAX_PACKET_SIZE:
            raise PacketError(f"message of {length} bytes does not fit a miIO packet")
        header16 = _HEADER.pack(MAGIC, length, unknown, device_id & 0xFFFFFFFF, stamp & 0xFFFFFFFF)
        return header16 + self.checksum(header16, payload) + payload

    def decode(self, data: bytes) -> Packet:
        """Verify and decrypt a packet; a header-only packet (a hello reply) comes back as it is."""
        header = parse_header(data)
        if len(data) == HEADER_SIZE:
            return header
        payload = bytes(data[HEADER_SIZE:])
        if self.checksum(bytes(data[:16]), payload) != header.checksum:
            raise ChecksumError("checksum does not verify")
        return Packet(
            header.device_id, header.stamp, header.unknown, header.checksum, self.decrypt(payload)
        )
