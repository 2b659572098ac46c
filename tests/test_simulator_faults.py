"""Every fault the simulator injects is observable: offline, loss, latency, tokens, garbage."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.xiaomi_living.client.errors import ChecksumError, PacketError
from custom_components.xiaomi_living.client.protocol import HELLO, MiioCodec
from tests.simulator import Faults, Simulator
from tests.simulator.probe import MC4, SILENCE, get_one, miot, probing, set_one


async def test_offline_answers_nothing(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(offline=True))
    async with probing(device) as probe:
        assert await probe.hello(SILENCE) is None
        assert await probe.call("miIO.info", wait=SILENCE) is None
        device.faults.offline = False
        assert await probe.hello() is not None
    assert device.counters.ignored_offline == 2


async def test_total_loss_and_seeded_loss(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(loss=1.0))
    async with probing(device) as probe:
        assert await probe.hello(SILENCE) is None
    assert device.counters.lost == 1

    patterns = []
    for _ in range(2):
        lossy = await simulator(MC4, faults=Faults(loss=0.5, seed=1234))
        async with probing(lossy) as probe:
            for _ in range(12):
                probe.send(HELLO)
            await asyncio.sleep(SILENCE)
        patterns.append((probe.datagrams.qsize(), lossy.counters.lost))
    assert patterns[0] == patterns[1]
    assert 0 < patterns[0][0] < 12


async def test_lost_reply_still_changes_state(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        # The request gets through, its reply is lost.
        device.faults.loss = 0.7
        device.faults.rng.random = lambda: 0.9 if device.counters.handled == 0 else 0.0
        assert await probe.call("set_properties", [miot(2, 1, True)], wait=SILENCE) is None
    assert device.props["power"] is True
    assert device.counters.lost == 1


async def test_latency(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(latency=0.3))
    loop = asyncio.get_running_loop()
    async with probing(device) as probe:
        started = loop.time()
        assert await probe.hello() is not None
        assert loop.time() - started >= 0.25
        device.faults.latency = 0.0
        started = loop.time()
        assert await probe.hello() is not None
        assert loop.time() - started < 0.25


async def test_stop_cancels_delayed_replies(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(latency=10))
    async with probing(device) as probe:
        probe.send(HELLO)
        await asyncio.sleep(0.05)
    await device.stop()
    assert not device.running
    assert device._pending_replies == {}


async def test_token_change_and_wrong_token_replies(simulator: Simulator) -> None:
    device = await simulator(MC4)
    old_token = device.token
    async with probing(device) as probe:
        new_token = device.change_token()
        assert new_token != old_token
        assert device.token == new_token
        probe.request("miIO.info", token=old_token)
        data = await probe.receive()
        assert data is not None
        with pytest.raises(ChecksumError):
            MiioCodec(old_token).decode(data)
        assert await probe.call("miIO.info") is not None  # the new token works

        device.faults.unverified_reply = "silent"
        probe.request("miIO.info", token=old_token)
        assert await probe.receive(SILENCE) is None
        assert await probe.hello() is not None  # the hello does not depend on the token
    assert device.counters.bad_checksums == 2


async def test_garbage_and_truncated_replies(simulator: Simulator) -> None:
    device = await simulator(MC4, faults=Faults(garbage_replies=1, truncated_replies=1, seed=3))
    codec = MiioCodec(device.token)
    async with probing(device) as probe:
        assert await probe.hello() is not None  # hello replies are never corrupted
        probe.request("miIO.info")
        garbage = await probe.receive()
        probe.request("miIO.info")
        truncated = await probe.receive()
        assert await probe.call("miIO.info") is not None
    assert garbage is not None
    assert truncated is not None
    with pytest.raises(PacketError):
        codec.decode(garbage)
    with pytest.raises(PacketError, match="length"):
        codec.decode(truncated)


async def test_forced_errors(simulator: Simulator) -> None:
    device = await simulator(MC4)
    device.faults.force_error(-9999, "user ack timeout", count=2)
    device.faults.force_error(-4004, "busy", method="set_properties", count=None)
    async with probing(device) as probe:
        assert await probe.error("miIO.info") == (-9999, "user ack timeout")
        assert await probe.error("get_properties", [miot(2, 1)]) == (-9999, "user ack timeout")
        assert (await get_one(probe, 2, 1))["code"] == 0
        for _ in range(3):
            assert await probe.error("set_properties", [miot(2, 1, True)]) == (-4004, "busy")
        device.faults.clear_errors()
        assert await set_one(probe, 2, 1, True) == 0


async def test_forced_property_codes(simulator: Simulator) -> None:
    device = await simulator(MC4)
    device.faults.property_codes[(4, 7)] = -4004
    async with probing(device) as probe:
        room, power = await probe.result("get_properties", [miot(4, 7), miot(2, 1)])
        assert room == {"did": "probe", "siid": 4, "piid": 7, "code": -4004}
        assert power["code"] == 0
        assert await set_one(probe, 4, 7, 20.0) == -4004
