"""The asyncio miIO client against simulated devices over real UDP on loopback."""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest

from custom_components.xiaomi_living.client import (
    ActionResult,
    DeviceError,
    DeviceUnreachableError,
    DropReason,
    MalformedReplyError,
    MethodNotSupportedError,
    MiioClient,
    MiioError,
    PropertyError,
    PropertyResult,
    TokenRejectedError,
    parse_token,
)
from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MiioCodec,
    decode_json,
    encode_json,
    parse_header,
)
from tests.simulator import PROFILES, Faults, SimulatedDevice, Simulator
from tests.simulator.profiles import MiotAction

MC4 = "xiaomi.aircondition.mc4"
MA4 = "xiaomi.aircondition.ma4"
ZHIMI_V1 = "zhimi.aircondition.v1"

# Every readable property of the mc4 profile, in an order that is not the device's.
MC4_PROPERTIES = [
    (2, 1), (2, 2), (2, 4), (2, 7), (2, 9), (2, 10), (2, 11), (3, 2), (3, 4),
    (4, 7), (5, 1), (6, 1), (8, 1), (9, 1), (9, 5), (10, 1), (10, 3),
]  # fmt: skip
MC4_KEYS = [
    "power", "mode", "target_temperature", "eco", "heater", "dryer", "sleep_mode", "fan_level",
    "vertical_swing", "room_temperature", "buzzer", "led", "electricity", "clean",
    "running_duration", "fan_percent", "timer",
]  # fmt: skip
MA4_PROPERTIES = [(2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (2, 6), (2, 7), (3, 1), (3, 2), (4, 1)]

FAST = 0.2  # client timeout for tests that wait for silence; loopback answers in well under 1 ms

DeviceFactory = Callable[..., Awaitable[SimulatedDevice]]


async def eventually(condition: Callable[[], bool]) -> None:
    """Let the loop run until a datagram in flight has been handled."""
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.005)
    pytest.fail("condition never became true")


def client_for(device: SimulatedDevice, **options: Any) -> MiioClient:
    return MiioClient(device.host, device.token_hex, port=device.port, **options)


@pytest.fixture
async def mc4(simulator: Simulator) -> SimulatedDevice:
    return await simulator(MC4)


class Relay(asyncio.DatagramProtocol):
    """A man in the middle on 127.0.0.1 between one client and one device.

    The client's socket only accepts datagrams from the address it talks to, so forged and replayed
    packets have to come from there: the relay forwards everything, and can inject datagrams just
    before it forwards the next request, rewrite replies, and hold replies back.
    """

    def __init__(self, device: SimulatedDevice) -> None:
        """Relay to ``device``; nothing is bound until ``start``."""
        self.device = device
        self.codec = MiioCodec(device.token)
        self.inject: list[bytes] = []
        self.rewrite: Callable[[dict[str, Any]], Any] | None = None
        self.hold = False
        self.held: list[bytes] = []
        self.replies: list[bytes] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._client: tuple[str, int] | None = None
        self._front: asyncio.DatagramTransport | None = None
        self._back: asyncio.DatagramTransport | None = None

    async def start(self) -> None:
        """Bind the client side on 127.0.0.1 and connect the device side."""
        loop = asyncio.get_running_loop()
        self._front, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=("127.0.0.1", 0)
        )
        self._back, _ = await loop.create_datagram_endpoint(
            lambda: _RelayBack(self), remote_addr=(self.device.host, self.device.port)
        )

    @property
    def port(self) -> int:
        """The port clients talk to."""
        assert self._front is not None
        port: int = self._front.get_extra_info("sockname")[1]
        return port

    def close(self) -> None:
        """Close both sockets."""
        for endpoint in (self._front, self._back):
            if endpoint is not None:
                endpoint.close()

    def client(self, **options: Any) -> MiioClient:
        """Return a client that talks to the device through the relay."""
        return MiioClient("127.0.0.1", self.device.token, port=self.port, **options)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """From the client: inject what is queued, then forward."""
        self._client = addr
        if data != HELLO:
            for packet in self.inject:
                self.to_client(packet)
            self.inject.clear()
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        assert self._back is not None
        self._back.sendto(data)

    def from_device(self, data: bytes) -> None:
        """From the device: record, rewrite or hold, then forward."""
        if len(data) == HEADER_SIZE:
            self.to_client(data)
            return
        self.in_flight -= 1
        if self.rewrite is not None:
            packet = self.codec.decode(data)
            assert packet.plaintext is not None
            reply = self.rewrite(decode_json(packet.plaintext))
            data = self.codec.encode(packet.device_id, packet.stamp, encode_json(reply))
        self.replies.append(data)
        if self.hold:
            self.held.append(data)
        else:
            self.to_client(data)

    def release(self) -> None:
        """Stop holding replies and send on those held so far."""
        self.hold = False
        for data in self.held:
            self.to_client(data)
        self.held.clear()

    def to_client(self, data: bytes) -> None:
        """Send a datagram to the client, from the address it talks to."""
        assert self._front is not None
        assert self._client is not None
        self._front.sendto(data, self._client)


class _RelayBack(asyncio.DatagramProtocol):
    def __init__(self, relay: Relay) -> None:
        self._relay = relay

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self._relay.from_device(data)


@pytest.fixture
async def relay_to(
    simulator: Simulator,
) -> AsyncIterator[Callable[[SimulatedDevice], Awaitable[Relay]]]:
    relays: list[Relay] = []

    async def start(device: SimulatedDevice) -> Relay:
        relay = Relay(device)
        await relay.start()
        relays.append(relay)
        return relay

    yield start
    for relay in relays:
        relay.close()


# --- every method ---------------------------------------------------------------------------


async def test_info_and_device_id(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        assert client.device_id is None
        info = await client.info()
        assert client.device_id == mc4.device_id
    assert info.model == MC4
    assert info.firmware_version == mc4.profile.fw_ver
    assert info.hardware_version == mc4.profile.hw_ver
    assert info.mac == mc4.mac.upper()
    assert info.device_id == mc4.device_id
    assert info.raw["netif"]["localIp"] == mc4.host
    assert (client.host, client.port) == (mc4.host, mc4.port)


async def test_token_as_bytes_and_hello(mc4: SimulatedDevice) -> None:
    async with MiioClient(mc4.host, mc4.token, port=mc4.port) as client:
        assert await client.hello() == mc4.device_id
        assert (await client.info()).model == MC4
        assert client.diagnostics.hellos == 1  # the hello is kept, not repeated per request


async def test_info_never_keeps_a_token(mc4: SimulatedDevice, relay_to: Any) -> None:
    relay = await relay_to(mc4)
    relay.rewrite = lambda reply: {**reply, "result": {**reply["result"], "token": "f" * 32}}
    async with relay.client() as client:
        info = await client.info()
    assert "token" not in info.raw
    assert info.model == MC4


async def test_get_properties_in_request_order(mc4: SimulatedDevice) -> None:
    props = list(reversed(MC4_PROPERTIES))
    async with client_for(mc4) as client:
        results = await client.get_properties([*props, (7, 7)])
    assert [(r.siid, r.piid) for r in results] == [*props, (7, 7)]
    assert [r.value for r in results[:-1]] == [mc4.props[key] for key in reversed(MC4_KEYS)]
    assert all(r.ok for r in results[:-1])
    # A property the device lacks is reported with its code, not raised.
    assert results[-1] == PropertyResult(7, 7, -4001, None)
    assert [len(r.params) for r in mc4.requests] == [15, 3]


async def test_property_codes_are_reported(mc4: SimulatedDevice) -> None:
    mc4.faults.property_codes[(2, 2)] = -4004
    async with client_for(mc4) as client:
        power, mode = await client.get_properties([(2, 1), (2, 2)])
    assert power == PropertyResult(2, 1, 0, False)
    assert mode == PropertyResult(2, 2, -4004, None)
    assert not mode.ok


async def test_set_properties(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        results = await client.set_properties([(2, 1, True), (2, 4, 40.0), (4, 7, 20.0)])
        assert [r.code for r in results] == [0, -4005, -4002]
        assert mc4.props["power"] is True
        assert mc4.props["target_temperature"] == 26.0
        await client.set_property(2, 4, 22.5)
        assert mc4.props["target_temperature"] == 22.5
        with pytest.raises(PropertyError) as refused:
            await client.set_property(2, 4, 40.0)
    assert (refused.value.code, refused.value.siid, refused.value.piid) == (-4005, 2, 4)
    assert isinstance(refused.value, DeviceError)


async def test_call_action(simulator: Simulator) -> None:
    # The TV's only action turns it fully off (and silent), so give an AC an action to call.
    with_action = replace(
        PROFILES[MC4], actions=(MiotAction(siid=2, aiid=1, name="start", writes={"power": True}),)
    )
    device = await simulator(with_action)
    async with client_for(device) as client:
        assert await client.call_action(2, 1) == ActionResult(2, 1, ())
        with pytest.raises(DeviceError) as missing:
            await client.call_action(9, 9, [1])
    assert device.props["power"] is True
    assert missing.value.code == -4003
    assert device.requests[0].params == {"did": "2-1", "siid": 2, "aiid": 1, "in": []}
    assert device.requests[1].params["in"] == [1]


async def test_get_prop_and_legacy_setters(simulator: Simulator) -> None:
    device = await simulator(ZHIMI_V1)
    names = ["power", "mode", "st_temp_dec", "temp_dec", "humidity"]
    async with client_for(device) as client:
        assert await client.get_prop(names) == ["off", 1, 260, 281, 55]
        assert await client.send("set_power", ["on"]) == ["ok"]
        assert await client.get_prop(names, one_per_request=True) == ["on", 1, 260, 281, 55]
        assert await client.get_prop([]) == []
    assert [len(r.params) for r in device.requests if r.method == "get_prop"] == [5, 1, 1, 1, 1, 1]
    assert client.get_prop_chunk_limit is None


async def test_send_any_method(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        result = await client.send("get_properties", [{"did": "x", "siid": 2, "piid": 1}])
    assert result == [{"did": "x", "siid": 2, "piid": 1, "code": 0, "value": False}]


# --- error codes ------------------------------------------------------------------------------


async def test_method_not_found_is_method_not_supported(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        with pytest.raises(MethodNotSupportedError) as err:
            await client.get_prop(["power", "mode"])
        assert err.value.code == -10000
        with pytest.raises(MethodNotSupportedError):
            await client.send("no_such_method")
    # Not retried, and no chunk fallback for a method the device does not have.
    assert client.diagnostics.attempts == 2
    assert client.get_prop_chunk_limit is None


async def test_value_error_is_a_device_error(mc4: SimulatedDevice) -> None:
    mc4.faults.force_error(-4005, "value error")
    async with client_for(mc4) as client:
        with pytest.raises(DeviceError) as err:
            await client.send("miIO.info")
    assert not isinstance(err.value, MethodNotSupportedError)
    assert (err.value.code, err.value.message) == (-4005, "value error")
    assert client.diagnostics.attempts == 1


@pytest.mark.parametrize("code", [-9999, -30001])
async def test_retryable_errors_are_retried(mc4: SimulatedDevice, code: int) -> None:
    mc4.faults.force_error(code, count=2)
    async with client_for(mc4) as client:
        assert (await client.info()).model == MC4
    diagnostics = client.diagnostics
    assert (diagnostics.attempts, diagnostics.retries, diagnostics.device_errors) == (3, 2, 2)


async def test_retryable_error_that_persists(mc4: SimulatedDevice) -> None:
    mc4.faults.force_error(-9999, "user ack timeout", count=None)
    async with client_for(mc4, retries=2) as client:
        with pytest.raises(DeviceError) as err:
            await client.info()
    assert err.value.code == -9999
    assert client.diagnostics.attempts == 3


@pytest.mark.parametrize(
    ("rewrite", "call"),
    [
        (lambda reply: {"id": reply["id"]}, "info"),
        (lambda reply: {"id": reply["id"], "error": "no code"}, "info"),
        (lambda reply: {**reply, "result": ["not", "a", "dict"]}, "info"),
        (lambda reply: {**reply, "result": reply["result"][:1]}, "get_properties"),
        (lambda reply: {**reply, "result": [{"siid": 2}, {"siid": 2}]}, "get_properties"),
        (lambda reply: {**reply, "result": [reply["result"][0]] * 2}, "get_properties"),
        (lambda reply: {**reply, "result": [1, {"siid": 2}]}, "get_properties"),
        (lambda reply: {**reply, "result": "ok"}, "call_action"),
        (lambda reply: {**reply, "result": {"code": 0, "out": "x"}}, "call_action"),
        (lambda reply: {**reply, "result": ["off"]}, "get_prop"),
    ],
)
async def test_malformed_replies(
    simulator: Simulator, relay_to: Any, rewrite: Callable[[dict[str, Any]], Any], call: str
) -> None:
    relay = await relay_to(await simulator(ZHIMI_V1 if call == "get_prop" else MC4))
    relay.rewrite = rewrite
    calls: dict[str, Callable[[MiioClient], Awaitable[Any]]] = {
        "info": lambda client: client.info(),
        "get_properties": lambda client: client.get_properties([(2, 1), (2, 2)]),
        "call_action": lambda client: client.call_action(2, 1),
        "get_prop": lambda client: client.get_prop(["power", "mode"]),
    }
    if call == "get_properties":
        relay.rewrite = lambda reply: rewrite(
            {
                **reply,
                "result": [{"siid": 2, "piid": 1, "code": 0}, {"siid": 2, "piid": 2, "code": 0}],
            }
        )
    async with relay.client() as client:
        with pytest.raises(MalformedReplyError):
            await calls[call](client)


# --- chunking ---------------------------------------------------------------------------------


async def test_mc4_chunks_of_fifteen(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        await client.get_properties(MC4_PROPERTIES)
        assert client.miot_chunk_limit is None
    assert [len(r.params) for r in mc4.requests] == [15, 2]
    assert client.diagnostics.device_errors == 0


async def test_mc4_chunk_fallback_is_remembered(simulator: Simulator) -> None:
    device = await simulator(MC4, max_properties=4)
    async with client_for(device) as client:
        results = await client.get_properties(MC4_PROPERTIES)
        assert [r.value for r in results] == [device.props[key] for key in MC4_KEYS]
        assert client.miot_chunk_limit == 3
        first = [len(r.params) for r in device.requests]
        device.requests.clear()
        await client.get_properties(MC4_PROPERTIES)
        assert [len(r.params) for r in device.requests] == [3, 3, 3, 3, 3, 2]
        # Writes share the limit.
        device.requests.clear()
        results = await client.set_properties(
            [(2, 1, True), (2, 7, True), (5, 1, False), (6, 1, False)]
        )
        assert all(r.ok for r in results)
        assert [len(r.params) for r in device.requests] == [3, 1]
    # Refused: 15 (-5001), then 7; 3 works and is kept.
    assert first == [15, 7, 3, 3, 3, 3, 3, 2]
    assert client.diagnostics.retries == 0


async def test_ma4_falls_back_to_one_property_per_request(simulator: Simulator) -> None:
    device = await simulator(MA4)
    async with client_for(device) as client:
        results = await client.get_properties(MA4_PROPERTIES)
        assert client.miot_chunk_limit == 1
        assert all(r.ok for r in results)
        assert [r.value for r in results][:3] == [False, 1, 26.0]
        device.requests.clear()
        await client.get_properties(MA4_PROPERTIES, chunk_size=15)
        assert [len(r.params) for r in device.requests] == [1] * 10
        names = ["power", "mode", "settemp", "temperature"]
        assert await client.get_prop(names) == [0, 1, 26.0, 27.5]
        assert client.get_prop_chunk_limit == 1
    # -9999 on a multi-property request is not retried but split at once: 10, 5, 2 refused.
    assert client.diagnostics.device_errors == 3 + 2  # ... and 4, 2 names for get_prop


async def test_single_property_errors_are_raised(mc4: SimulatedDevice) -> None:
    mc4.faults.force_error(-5001, "invalid_arg", count=None, method="get_properties")
    async with client_for(mc4) as client:
        with pytest.raises(DeviceError) as err:
            await client.get_properties([(2, 1), (2, 2)])
        with pytest.raises(ValueError, match="chunk_size"):
            await client.get_properties([(2, 1)], chunk_size=0)
    assert err.value.code == -5001
    assert [len(r.params) for r in mc4.requests] == [2, 1]


# --- loss, reboots, tokens, offline --------------------------------------------------------------


async def test_thirty_percent_loss_still_succeeds(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(loss=0.3, seed=3))
    async with client_for(device, timeout=0.1, retries=15) as client:
        for _ in range(30):
            results = await client.get_properties(MC4_PROPERTIES[:3])
            assert [r.value for r in results] == [device.props[k] for k in MC4_KEYS[:3]]
    diagnostics = client.diagnostics
    assert diagnostics.calls == 30
    assert diagnostics.timeouts > 0
    assert diagnostics.retries > 0
    assert device.counters.lost > 0


async def test_reboot_recovers_without_an_error(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        await client.get_properties([(2, 1)])
        mc4.reboot()
        assert (await client.get_properties([(2, 1)]))[0].ok
        assert client.diagnostics.reboots == 1
        # The next call greets the rebooted device again, and keeps working.
        assert (await client.info()).model == MC4
    assert mc4.counters.hellos == 2
    assert client.diagnostics.timeouts == 0


async def test_wrong_token_is_rejected_after_the_whole_retry_budget(mc4: SimulatedDevice) -> None:
    token = secrets.token_hex(16)
    async with MiioClient(mc4.host, token, port=mc4.port, timeout=FAST, retries=2) as client:
        with pytest.raises(TokenRejectedError):
            await client.info()
    diagnostics = client.diagnostics
    assert diagnostics.attempts == 3
    assert diagnostics.hellos == 3  # every exchange after a fresh hello
    assert diagnostics.dropped == {DropReason.UNVERIFIABLE: 3}
    assert mc4.counters.bad_checksums == 3


async def test_token_change_is_rejected(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST, retries=1) as client:
        await client.info()
        mc4.change_token()
        with pytest.raises(TokenRejectedError):
            await client.info()
    assert client.diagnostics.attempts == 3


async def test_spoofed_reply_before_the_real_one_is_dropped(
    mc4: SimulatedDevice, caplog: pytest.LogCaptureFixture
) -> None:
    """Anyone on the network can send a packet that does not verify: it changes nothing."""
    caplog.set_level(logging.DEBUG, logger="custom_components.xiaomi_living")
    mc4.faults.spoofed_replies = 3
    async with client_for(mc4, timeout=FAST, retries=0) as client:
        for _ in range(3):
            assert (await client.info()).model == MC4
    diagnostics = client.diagnostics
    assert diagnostics.attempts == 3
    assert diagnostics.retries == diagnostics.timeouts == 0
    assert diagnostics.dropped == {DropReason.UNVERIFIABLE: 3}
    dropped = [r for r in caplog.records if "does not verify" in r.getMessage()]
    assert len(dropped) == 3
    assert all(mc4.token_hex not in r.getMessage() for r in caplog.records)


async def test_spoofs_instead_of_replies_within_the_budget_are_survived(
    mc4: SimulatedDevice,
) -> None:
    mc4.faults.spoof_instead = True
    mc4.faults.spoofed_replies = 2
    async with client_for(mc4, timeout=FAST, retries=2) as client:
        assert (await client.info()).model == MC4
    diagnostics = client.diagnostics
    assert diagnostics.attempts == 3
    assert diagnostics.hellos == 3
    assert diagnostics.dropped == {DropReason.UNVERIFIABLE: 2}


async def test_a_late_reply_after_a_spoof_is_still_taken(
    mc4: SimulatedDevice, relay_to: Any
) -> None:
    """After a spoof the exchange waits less before retrying, and still takes the late reply."""
    relay = await relay_to(mc4)
    async with relay.client(timeout=FAST, retries=3) as client:
        await client.info()
        relay.hold = True
        relay.inject = [
            MiioCodec(secrets.token_bytes(16)).encode(
                mc4.device_id, 1, encode_json({"id": 1, "result": ["ok"]})
            )
        ]
        call = asyncio.create_task(client.get_properties([(2, 1)]))
        await eventually(lambda: client.diagnostics.attempts == 3)  # the call's second attempt
        relay.release()
        assert (await call)[0].ok
    diagnostics = client.diagnostics
    assert diagnostics.retries == 1
    assert diagnostics.dropped[DropReason.UNVERIFIABLE] == 1


async def test_unverifiable_replies_mixed_with_other_failures_are_not_a_wrong_token(
    mc4: SimulatedDevice,
) -> None:
    """Only a call answered by nothing but unverifiable packets rejects the token."""
    mc4.faults.spoof_instead = True
    mc4.faults.spoofed_replies = 1
    mc4.faults.force_error(-9999, "user ack timeout", count=None)
    async with client_for(mc4, timeout=FAST, retries=1) as client:
        with pytest.raises(DeviceError) as err:
            await client.info()
        assert err.value.code == -9999
        mc4.faults.clear_errors()
        mc4.faults.spoofed_replies = 1
        assert (await client.info()).model == MC4
    assert client.diagnostics.dropped == {DropReason.UNVERIFIABLE: 2}


async def test_silent_wrong_token_is_unreachable_but_answers_hello(mc4: SimulatedDevice) -> None:
    mc4.faults.unverified_reply = "silent"
    async with MiioClient(mc4.host, bytes(16), port=mc4.port, timeout=FAST, retries=2) as client:
        with pytest.raises(DeviceUnreachableError) as err:
            await client.info()
    assert err.value.hello_answered
    assert client.diagnostics.attempts == 3


async def test_offline_device_is_unreachable(mc4: SimulatedDevice) -> None:
    mc4.faults.offline = True
    async with client_for(mc4, timeout=FAST, retries=2) as client:
        with pytest.raises(DeviceUnreachableError) as err:
            await client.info()
        with pytest.raises(DeviceUnreachableError):
            await client.hello()
        assert client.device_id is None
        mc4.faults.offline = False
        assert (await client.info()).model == MC4
    assert not err.value.hello_answered
    diagnostics = client.diagnostics
    assert (diagnostics.attempts, diagnostics.hellos) == (1, 7)
    assert diagnostics.timeouts == 6


async def test_device_going_offline_then_back(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST, retries=1) as client:
        await client.info()
        mc4.faults.offline = True
        with pytest.raises(DeviceUnreachableError) as err:
            await client.info()
        mc4.faults.offline = False
        assert (await client.info()).model == MC4
    assert not err.value.hello_answered
    # The unanswered request sent a new hello along with the retry and with the next call.
    assert client.diagnostics.hellos == 3


async def test_another_device_at_the_same_address(simulator: Simulator) -> None:
    first = await simulator(MC4)
    async with client_for(first, timeout=FAST) as client:
        await client.info()
        await first.stop()
        await asyncio.sleep(0)  # the socket closes on the next turn of the loop
        # Same address and token (a unit swapped and re-paired, DHCP handing out the address).
        second = await simulator(MC4, host=first.host, token=first.token)
        assert (await client.info()).model == MC4
        assert client.device_id == second.device_id != first.device_id
    # The first attempt timed out; the retry went out with a hello, and with the answer's new
    # device id the request was sent again at once rather than after another timeout.
    assert second.counters.malformed == 2
    assert (client.diagnostics.timeouts, client.diagnostics.attempts) == (1, 4)


async def test_a_socket_that_dies_is_replaced(mc4: SimulatedDevice) -> None:
    async with client_for(mc4) as client:
        await client.info()
        endpoint = client._transport._endpoint
        assert endpoint is not None
        endpoint.abort()
        await eventually(lambda: client._transport._endpoint is None)
        assert (await client.info()).model == MC4
        assert client._transport._endpoint is not endpoint


async def test_stopped_device_reports_socket_errors(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST, retries=1) as client:
        await client.info()
        await mc4.stop()
        with pytest.raises(DeviceUnreachableError):
            await client.info()
    assert client.diagnostics.socket_errors > 0


async def test_slow_reply_to_an_earlier_attempt_is_taken(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST) as client:
        await client.info()
        mc4.faults.latency = FAST * 1.5
        assert (await client.info()).model == MC4
        assert client.diagnostics.attempts == 3  # one for the first call, two for the slow one
        # The reply to the second attempt comes after the call ended: it is stale.
        await eventually(lambda: client.diagnostics.dropped.get(DropReason.STALE) == 1)


# --- hostile datagrams ------------------------------------------------------------------------


async def test_garbage_and_truncated_replies_are_dropped(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST) as client:
        await client.info()
        mc4.faults.garbage_replies = 1
        assert (await client.info()).model == MC4
        mc4.faults.truncated_replies = 1
        assert (await client.info()).model == MC4
    diagnostics = client.diagnostics
    assert diagnostics.dropped == {DropReason.MALFORMED: 2}
    assert diagnostics.retries == 2


async def test_forged_and_replayed_datagrams_are_dropped(
    mc4: SimulatedDevice, relay_to: Any
) -> None:
    relay = await relay_to(mc4)
    async with relay.client() as client:
        await client.info()
        first_reply = relay.replies[-1]
        hello_reply = parse_header(first_reply)
        relay.inject = [
            secrets.token_bytes(80),  # garbage
            MiioCodec(secrets.token_bytes(16)).encode(  # our device id, another token
                mc4.device_id, hello_reply.stamp, encode_json({"id": 1, "result": ["ok"]})
            ),
            relay.codec.encode(  # the right token, another device id
                mc4.device_id ^ 1, hello_reply.stamp, encode_json({"id": 1, "result": ["ok"]})
            ),
            first_reply,  # a replay of the previous reply
            HELLO[:4] + first_reply[4:16] + bytes(16),  # a hello answer nobody asked for
        ]
        assert (await client.get_properties([(2, 1)]))[0].ok
    diagnostics = client.diagnostics
    assert diagnostics.dropped == {
        DropReason.MALFORMED: 1,
        DropReason.UNVERIFIABLE: 1,
        DropReason.FOREIGN: 1,
        DropReason.DUPLICATE: 1,
        DropReason.UNEXPECTED: 1,
    }
    assert diagnostics.attempts == 2
    assert diagnostics.retries == 0


async def test_reply_after_the_call_gave_up_is_stale(mc4: SimulatedDevice, relay_to: Any) -> None:
    relay = await relay_to(mc4)
    async with relay.client(timeout=FAST, retries=0) as client:
        await client.info()
        relay.hold = True
        with pytest.raises(DeviceUnreachableError) as err:
            await client.info()
        relay.release()
        await eventually(lambda: DropReason.STALE in client.diagnostics.dropped)
        assert (await client.info()).model == MC4
    assert err.value.hello_answered is False


# --- concurrency --------------------------------------------------------------------------------


async def test_fifty_concurrent_calls_are_serialized(mc4: SimulatedDevice, relay_to: Any) -> None:
    mc4.faults.latency = 0.002
    relay = await relay_to(mc4)
    async with relay.client() as client:
        results = await asyncio.gather(
            *(client.get_properties([(2, 4), (3, 2)]) for _ in range(50))
        )
    assert all(r == results[0] for r in results)
    assert len(results) == 50
    assert mc4.counters.handled == 50
    assert relay.max_in_flight == 1
    assert client.diagnostics.attempts == 50


async def test_two_hundred_devices_on_one_loop(simulator: Simulator) -> None:
    devices = [await simulator(MC4) for _ in range(200)]
    assert len({device.host for device in devices}) == 200
    clients = [client_for(device) for device in devices]
    try:
        for _ in range(2):
            polls = await asyncio.gather(
                *(client.get_properties(MC4_PROPERTIES) for client in clients)
            )
            for device, results in zip(devices, polls, strict=True):
                assert [r.value for r in results] == [device.props[k] for k in MC4_KEYS]
    finally:
        for client in clients:
            client.close()
    assert all(
        client.device_id == device.device_id
        for client, device in zip(clients, devices, strict=True)
    )
    assert sum(client.diagnostics.calls for client in clients) == 200 * 2 * 2


async def test_cancelled_call_leaves_the_client_usable(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST) as client:
        await client.info()
        mc4.faults.offline = True
        call = asyncio.create_task(client.info())
        await eventually(lambda: client.diagnostics.attempts == 2)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        mc4.faults.offline = False
        assert (await client.info()).model == MC4


async def test_close_ends_a_call_and_the_client_reopens(mc4: SimulatedDevice) -> None:
    client = client_for(mc4, timeout=FAST)
    await client.info()
    mc4.faults.offline = True
    call = asyncio.create_task(client.info())
    await eventually(lambda: client.diagnostics.attempts == 2)
    client.close()
    with pytest.raises(MiioError, match="closed"):
        await call
    mc4.faults.offline = False
    assert (await client.info()).model == MC4
    client.close()
    client.close()


async def test_close_during_the_first_hello(mc4: SimulatedDevice) -> None:
    mc4.faults.offline = True
    client = client_for(mc4, timeout=FAST)
    call = asyncio.create_task(client.hello())
    await eventually(lambda: client.diagnostics.hellos == 1)
    client.close()
    with pytest.raises(MiioError, match="closed"):
        await call


# --- small things -------------------------------------------------------------------------------


def test_parse_token() -> None:
    assert parse_token("00" * 16) == bytes(16)
    assert parse_token(b"\x01" * 16) == b"\x01" * 16
    assert parse_token(" " + "AB" * 16 + "\n") == b"\xab" * 16
    for bad in ("00" * 15, "zz" * 16, b"\x00" * 15, ""):
        with pytest.raises(ValueError, match="32 hexadecimal digits"):
            parse_token(bad)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="timeout"):
        MiioClient("127.0.0.2", bytes(16), timeout=0)
    with pytest.raises(ValueError, match="retries"):
        MiioClient("127.0.0.2", bytes(16), retries=-1)


async def test_unresolvable_host_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host name the resolver does not know is an unreachable device, not a crash.

    The newest test harness refuses DNS outright (RuntimeError), so the resolver answers here as
    the C library does for an unknown name, without asking a DNS server.
    """

    def unknown_name(host: str, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown_name)
    with pytest.raises(DeviceUnreachableError):
        await MiioClient("ac.invalid", bytes(16)).info()


async def test_diagnostics_as_dict(mc4: SimulatedDevice) -> None:
    async with client_for(mc4, timeout=FAST) as client:
        mc4.faults.garbage_replies = 1
        await client.info()
    data = client.diagnostics.as_dict()
    assert data["dropped"] == {"malformed": 1}
    assert data["calls"] == 1
    assert data["attempts"] == 2
    assert isinstance(data["last_round_trip"], float)
    # A snapshot: later traffic does not change it.
    snapshot = client.diagnostics
    snapshot.dropped[DropReason.STALE] = 5
    assert DropReason.STALE not in client.diagnostics.dropped


async def test_closing_under_a_cancelled_call_leaves_no_unread_exception(
    mc4: SimulatedDevice,
) -> None:
    """Unloading an entry closes the client, then cancels its poll: nothing is left unread.

    Home Assistant runs an entry's unload callbacks (our ``close()``) before it cancels the
    entry's tasks; a waiter failed by the close must not be collected with its exception unread
    ("Future exception was never retrieved" in the log).
    """
    loop = asyncio.get_running_loop()
    reported: list[str] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: reported.append(context["message"]))
    try:
        client = client_for(mc4, timeout=1.0, retries=3)
        await client.info()
        mc4.faults.offline = True
        call = asyncio.create_task(client.info())
        await asyncio.sleep(0.05)  # the call waits for an answer that does not come
        client.close()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        del call
        gc.collect()
        await asyncio.sleep(0)
    finally:
        loop.set_exception_handler(previous)
    assert reported == []
