"""The UDP socket a simulated device serves on, closed only once asyncio has let go of it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

Address = tuple[str | Any, int]


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
