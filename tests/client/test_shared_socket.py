"""Every client of an event loop on one UDP socket: demultiplexing, lifetime, errors, queueing."""

from __future__ import annotations

import asyncio
import secrets
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from custom_components.xiaomi_living.client import (
    DeviceUnreachableError,
    DropReason,
    MiioClient,
    MiioError,
    TokenRejectedError,
)
from custom_components.xiaomi_living.client import transport as transport_module
from custom_components.xiaomi_living.client.transport import SharedSocket
from tests.simulator import SimulatedDevice, Simulator

MC4 = "xiaomi.aircondition.mc4"
FAST = 0.2


def client_for(device: SimulatedDevice, **options: Any) -> MiioClient:
    return MiioClient(device.host, device.token_hex, port=device.port, **options)


def shared(client: MiioClient) -> SharedSocket:
    endpoint = client._transport._endpoint
    assert isinstance(endpoint, SharedSocket)
    return endpoint


def open_descriptors() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


@pytest.fixture
async def mc4(simulator: Simulator) -> SimulatedDevice:
    return await simulator(MC4)


async def test_every_client_shares_one_socket_closed_with_the_last(simulator: Simulator) -> None:
    devices = [await simulator(MC4) for _ in range(20)]
    before = open_descriptors() if sys.platform.startswith("linux") else 0
    clients = [client_for(device) for device in devices]
    results = await asyncio.gather(*(client.get_properties([(2, 1)]) for client in clients))
    assert all(result[0].ok for result in results)
    sockets = {id(shared(client)) for client in clients}
    assert len(sockets) == 1
    endpoint = shared(clients[0])
    assert endpoint.members == 20
    if sys.platform.startswith("linux"):
        assert open_descriptors() == before + 1
    for client in clients[:-1]:
        client.close()
    assert endpoint.fileno >= 0
    assert endpoint.members == 1
    clients[-1].close()
    assert endpoint.fileno == -1
    assert transport_module._SOCKETS == {}
    # No call, turn, hello or timer left behind by a finished poll.
    for client in clients:
        transport = client._transport
        assert transport._reply_waiter is None
        assert transport._hello_waiter is None
        assert transport._queue is None
        assert not transport._busy
    # The next call opens a new socket.
    assert (await clients[0].get_properties([(2, 1)]))[0].ok
    assert shared(clients[0]) is not endpoint
    clients[0].close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux reports the buffer size")
async def test_the_shared_socket_asks_for_a_big_receive_buffer(mc4: SimulatedDevice) -> None:
    client = client_for(mc4)
    assert (await client.get_properties([(2, 1)]))[0].ok
    sock = shared(client)._sock
    # Linux grants at most rmem_max, and reports twice what it granted (its bookkeeping included)
    cap = int(Path("/proc/sys/net/core/rmem_max").read_text(encoding="utf-8"))
    granted = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    assert granted >= 2 * min(transport_module._RECEIVE_BUFFER, cap)
    client.close()


async def test_a_client_remembers_only_its_latest_reply_ids(mc4: SimulatedDevice) -> None:
    client = client_for(mc4)
    transport = client._transport
    for _ in range(transport_module._REMEMBERED_REPLIES + 5):
        assert (await client.get_properties([(2, 1)]))[0].ok
    assert len(transport._answered_ids) == transport_module._REMEMBERED_REPLIES
    assert transport.diagnostics.calls == transport_module._REMEMBERED_REPLIES + 5
    client.close()


async def test_two_clients_of_one_device_each_get_their_replies(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST) as first, client_for(mc4, timeout=FAST) as second:
        for _ in range(10):
            a, b = await asyncio.gather(
                first.get_properties([(2, 1), (2, 2)]), second.get_properties([(2, 4)])
            )
            assert [r.ok for r in a] == [True, True]
            assert b[0].ok
        assert shared(first) is shared(second)
        assert shared(first).members == 2
    for client in (first, second):
        diagnostics = client.diagnostics
        assert (diagnostics.calls, diagnostics.attempts) == (10, 10)
        assert diagnostics.timeouts == diagnostics.retries == 0
        assert diagnostics.dropped == {}


async def test_a_wrong_token_beside_the_right_one(mc4: SimulatedDevice) -> None:
    """A second client of the same address with another token: each is told its own story."""
    right = client_for(mc4, timeout=FAST, retries=1)
    wrong = MiioClient(mc4.host, secrets.token_hex(16), port=mc4.port, timeout=FAST, retries=1)
    try:
        outcome = await asyncio.gather(right.info(), wrong.info(), return_exceptions=True)
    finally:
        right.close()
        wrong.close()
    assert not isinstance(outcome[0], BaseException)
    assert outcome[0].model == MC4
    assert isinstance(outcome[1], TokenRejectedError)
    assert right.diagnostics.dropped == {}
    assert wrong.diagnostics.dropped == {DropReason.UNVERIFIABLE: 2}


async def test_datagrams_from_addresses_nobody_talks_to_are_ignored(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        await client.info()
        port = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        port.bind(("127.0.0.1", 0))
        try:
            local = shared(client)._sock.getsockname()
            port.sendto(b"\x21\x31" + bytes(30), ("127.0.0.1", local[1]))
            await asyncio.sleep(0.05)
        finally:
            port.close()
        assert (await client.info()).model == MC4
    assert client.diagnostics.dropped == {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="IP_RECVERR is Linux's")
async def test_socket_errors_are_told_to_the_client_of_the_address(
    simulator: Simulator,
) -> None:
    gone, there = await simulator(MC4), await simulator(MC4)
    async with (
        client_for(gone, timeout=FAST, retries=1) as lost,
        client_for(there, timeout=FAST, retries=1) as kept,
    ):
        await asyncio.gather(lost.info(), kept.info())
        await gone.stop()
        outcome = await asyncio.gather(lost.info(), kept.info(), return_exceptions=True)
    assert isinstance(outcome[0], Exception)
    assert not isinstance(outcome[1], BaseException)
    assert lost.diagnostics.socket_errors > 0
    assert kept.diagnostics.socket_errors == 0


class _FullOnce:
    """A socket whose send buffer is full for the first ``full`` datagrams."""

    def __init__(self, sock: socket.socket, full: int) -> None:
        self._sock = sock
        self.full = full

    def sendto(self, data: bytes, addr: Any) -> int:
        if self.full:
            self.full -= 1
            raise BlockingIOError
        return self._sock.sendto(data, addr)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


async def test_a_full_send_buffer_queues_datagrams(simulator: Simulator) -> None:
    devices = [await simulator(MC4) for _ in range(3)]
    clients = [client_for(device, timeout=1.0, retries=0) for device in devices]
    try:
        await asyncio.gather(*(client.hello() for client in clients))
        endpoint = shared(clients[0])
        full = _FullOnce(endpoint._sock, full=2)
        endpoint._sock = full  # type: ignore[assignment]
        results = await asyncio.gather(*(client.get_properties([(2, 1)]) for client in clients))
        assert all(result[0].ok for result in results)
        assert full.full == 0
        assert endpoint._backlog is None
        for client in clients:
            assert client.diagnostics.attempts == 1
    finally:
        for client in clients:
            client.close()


async def test_addresses_given_as_lists_and_generators(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        as_lists = await client.get_properties([[2, 1], [2, 2]])  # type: ignore[list-item]
        from_generator = await client.get_properties((s, p) for s, p in [(2, 1), (2, 2)])
        as_tuple = await client.get_properties(((2, 1), (2, 2)))
    assert as_lists == from_generator == as_tuple
    assert [(r.siid, r.piid) for r in as_tuple] == [(2, 1), (2, 2)]


async def test_a_host_name_is_resolved_once(
    mc4: SimulatedDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_DGRAM, 17, "", (mc4.host, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    async with MiioClient("ac.invalid", mc4.token, port=mc4.port) as client:
        assert (await client.info()).model == MC4
        assert (await client.info()).model == MC4
    assert asked == ["ac.invalid"]


async def test_an_ipv6_device_gets_a_socket_of_its_own_family() -> None:
    async with MiioClient("::1", bytes(16), port=9, timeout=0.05, retries=0) as client:
        assert shared(client)._family == socket.AF_INET6
        with pytest.raises(DeviceUnreachableError):
            await client.info()
    assert transport_module._SOCKETS == {}


async def test_a_call_cancelled_while_waiting_for_its_turn(mc4: SimulatedDevice) -> None:
    mc4.faults.latency = 0.02
    async with client_for(mc4) as client:
        first = asyncio.create_task(client.info())
        waiting = asyncio.create_task(client.info())
        handed = asyncio.create_task(client.info())
        await asyncio.sleep(0.005)
        waiting.cancel()  # still queued: it leaves the queue
        assert (await first).model == MC4
        handed.cancel()  # the turn was just handed to it: it passes the turn on
        with pytest.raises(asyncio.CancelledError):
            await waiting
        with pytest.raises(asyncio.CancelledError):
            await handed
        assert (await client.info()).model == MC4
        assert not client._transport._busy


async def test_calls_started_at_once_go_out_a_batch_per_turn(simulator: Simulator) -> None:
    devices = [await simulator(MC4) for _ in range(100)]
    clients = [client_for(device) for device in devices]
    try:
        await asyncio.gather(*(client.hello() for client in clients))
        poll = asyncio.gather(*(client.get_properties([(2, 1)]) for client in clients))
        await asyncio.sleep(0)  # the calls' first turn of the loop
        assert sum(client.diagnostics.attempts for client in clients) == 64
        results = await poll
        assert all(result[0].ok for result in results)
        assert sum(client.diagnostics.attempts for client in clients) == 100
    finally:
        for client in clients:
            client.close()


async def test_calls_waiting_to_send_fail_when_their_clients_close(simulator: Simulator) -> None:
    devices = [await simulator(MC4) for _ in range(70)]
    clients = [client_for(device) for device in devices]
    await asyncio.gather(*(client.hello() for client in clients))
    poll = asyncio.gather(
        *(client.get_properties([(2, 1)]) for client in clients), return_exceptions=True
    )
    await asyncio.sleep(0)
    for client in clients:
        client.close()
    outcome = await poll
    assert sum(isinstance(result, MiioError) for result in outcome) == 70
