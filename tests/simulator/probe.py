"""A bare miIO client for the simulator's own tests: it sends what a test asks, returns what comes.

Built on the project's packet codec, not on the client under test, so that the simulator is
checked against the protocol (docs/miio-protocol.md) rather than against our transport.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import random
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from custom_components.xiaomi_living.client.protocol import (
    HELLO,
    MiioCodec,
    Packet,
    decode_json,
    encode_json,
    parse_header,
)

from .device import SimulatedDevice
from .fleet import _POOL, LAST_HOST

MC4 = "xiaomi.aircondition.mc4"
MA4 = "xiaomi.aircondition.ma4"
ZHIMI = "zhimi.aircondition.v1"
MCN02 = "lumi.acpartner.mcn02"
TV = "xiaomi.tv.mitv5proh1"
SILENCE = 0.25  # seconds to wait before concluding that nothing will come


class Probe(asyncio.DatagramProtocol):
    """A bare miIO client: sends what a test asks for and hands back what comes."""

    def __init__(self, device: SimulatedDevice) -> None:
        """Talk to ``device`` with its token and id unless told otherwise."""
        self.device = device
        self.datagrams: asyncio.Queue[bytes] = asyncio.Queue()
        self.transport: asyncio.DatagramTransport
        self.ids = itertools.count(random.randrange(1, 10**6))

    def datagram_received(self, data: bytes, addr: Any) -> None:
        """Queue what arrives."""
        self.datagrams.put_nowait(data)

    def send(self, data: bytes) -> None:
        """Send raw bytes to the device."""
        self.transport.sendto(data)

    async def receive(self, wait: float = 2.0) -> bytes | None:
        """Return the next datagram, or None when none comes within ``wait`` seconds."""
        try:
            return await asyncio.wait_for(self.datagrams.get(), wait)
        except TimeoutError:
            return None

    async def hello(self, wait: float = 2.0) -> Packet | None:
        """Send a hello and parse the reply's header."""
        self.send(HELLO)
        data = await self.receive(wait)
        return None if data is None else parse_header(data)

    def request(
        self,
        method: str,
        params: Any = None,
        *,
        msg_id: int | None = None,
        token: bytes | None = None,
    ) -> int:
        """Send a request sealed with ``token`` (the device's by default); return its id."""
        msg_id = next(self.ids) if msg_id is None else msg_id
        message = {"id": msg_id, "method": method, "params": [] if params is None else params}
        codec = MiioCodec(token or self.device.token)
        self.send(codec.encode(self.device.device_id, self.device.stamp, encode_json(message)))
        return msg_id

    async def call(
        self,
        method: str,
        params: Any = None,
        *,
        msg_id: int | None = None,
        wait: float = 2.0,
    ) -> dict[str, Any] | None:
        """Send a request and decode its reply, or return None when none comes."""
        self.request(method, params, msg_id=msg_id)
        data = await self.receive(wait)
        if data is None:
            return None
        packet = MiioCodec(self.device.token).decode(data)
        assert packet.plaintext is not None
        assert packet.plaintext.endswith(b"\x00")  # devices append a NUL
        return decode_json(packet.plaintext)

    async def result(self, method: str, params: Any = None) -> Any:
        """Call a method that must succeed and return its result."""
        reply = await self.call(method, params)
        assert reply is not None
        assert "error" not in reply, reply
        return reply["result"]

    async def error(self, method: str, params: Any = None) -> tuple[int, str]:
        """Call a method that must fail and return its error code and message."""
        reply = await self.call(method, params)
        assert reply is not None
        assert "result" not in reply, reply
        return reply["error"]["code"], reply["error"]["message"]


@asynccontextmanager
async def probing(device: SimulatedDevice) -> AsyncIterator[Probe]:
    loop = asyncio.get_running_loop()
    transport, probe = await loop.create_datagram_endpoint(
        lambda: Probe(device), remote_addr=(device.host, device.port)
    )
    probe.transport = transport
    try:
        yield probe
    finally:
        transport.close()


def miot(siid: int, piid: int, value: Any = None, *, did: str = "probe") -> dict[str, Any]:
    item = {"did": did, "siid": siid, "piid": piid}
    return item if value is None else {**item, "value": value}


async def get_one(probe: Probe, siid: int, piid: int) -> dict[str, Any]:
    (entry,) = await probe.result("get_properties", [miot(siid, piid)])
    return entry


async def set_one(probe: Probe, siid: int, piid: int, value: Any) -> int:
    (entry,) = await probe.result("set_properties", [miot(siid, piid, value)])
    return entry["code"]


def free_consecutive_hosts(count: int) -> list[str]:
    """Find ``count`` consecutive loopback addresses whose port 54321 is free right now."""
    for candidate in _POOL.candidates():
        first = ipaddress.IPv4Address(candidate)
        if first + count - 1 > LAST_HOST:
            continue
        hosts = [str(first + offset) for offset in range(count)]
        sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in hosts]
        try:
            for sock, host in zip(sockets, hosts, strict=True):
                sock.bind((host, 54321))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return hosts
    raise AssertionError("no free loopback addresses")
