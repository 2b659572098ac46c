"""The simulator on the wire: hello, stamps, message ids, reply encoding, stray datagrams.

See docs/miio-protocol.md; the probe is a bare client built on the project's packet codec.
"""

from __future__ import annotations

import json

from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    MiioCodec,
    decode_json,
    encode_json,
)
from tests.simulator import Simulator
from tests.simulator.probe import MC4, SILENCE, probing


async def test_hello_reply_carries_id_and_stamp(simulator: Simulator) -> None:
    device = await simulator(MC4)
    device._boot -= 100  # a hundred seconds of uptime, without waiting for them
    async with probing(device) as probe:
        reply = await probe.hello()
    assert reply is not None
    assert reply.device_id == device.device_id
    assert reply.stamp - device._stamp_base in (100, 101)
    assert reply.checksum == b"\xff" * 16
    assert reply.unknown == 0


async def test_unpaired_device_reveals_its_token(simulator: Simulator) -> None:
    device = await simulator(MC4, paired=False)
    async with probing(device) as probe:
        reply = await probe.hello()
    assert reply is not None
    assert reply.checksum == device.token


async def test_repeated_message_id_is_ignored(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        assert await probe.call("miIO.info", msg_id=4242) is not None
        assert await probe.call("miIO.info", msg_id=4242, wait=SILENCE) is None
        assert await probe.call("miIO.info", msg_id=4243) is not None
    assert device.counters.replays == 1
    assert [record.msg_id for record in device.requests] == [4242, 4243]


async def test_id_memory_is_bounded(simulator: Simulator) -> None:
    device = await simulator(MC4, id_memory=4)
    async with probing(device) as probe:
        for msg_id in range(1, 6):
            assert await probe.call("miIO.info", msg_id=msg_id) is not None
        assert await probe.call("miIO.info", msg_id=1) is not None  # forgotten by now
        assert await probe.call("miIO.info", msg_id=5, wait=SILENCE) is None


async def test_reboot_lowers_the_stamp_and_forgets_ids(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        before = await probe.hello()
        assert await probe.call("miIO.info", msg_id=7) is not None
        device.reboot()
        after = await probe.hello()
        assert before is not None
        assert after is not None
        assert after.stamp < before.stamp
        assert await probe.call("miIO.info", msg_id=7) is not None
    assert device.counters.reboots == 1


async def test_reply_is_json_with_trailing_nul(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        msg_id = probe.request("miIO.info")
        data = await probe.receive()
    assert data is not None
    packet = MiioCodec(device.token).decode(data)
    assert packet.device_id == device.device_id
    assert packet.plaintext is not None
    assert packet.plaintext.endswith(b"}\x00")
    reply = json.loads(packet.plaintext[:-1])
    assert reply["id"] == msg_id
    assert reply["result"]["model"] == MC4


async def test_undecodable_json_gets_invalid_json_error(simulator: Simulator) -> None:
    device = await simulator(MC4)
    codec = MiioCodec(device.token)
    async with probing(device) as probe:
        probe.send(codec.encode(device.device_id, device.stamp, b"{not json"))
        data = await probe.receive()
        probe.send(codec.encode(device.device_id, device.stamp, encode_json({"id": 1})))
        no_method = await probe.receive()
    assert data is not None
    assert no_method is not None
    for reply in (data, no_method):
        plaintext = codec.decode(reply).plaintext
        assert plaintext is not None
        assert decode_json(plaintext)["error"]["code"] == -30001
    assert device.requests == []


async def test_stray_datagrams_are_ignored(simulator: Simulator) -> None:
    device = await simulator(MC4)
    codec = MiioCodec(device.token)
    async with probing(device) as probe:
        probe.send(b"hello?")
        probe.send(HELLO[: HEADER_SIZE - 1] + b"\x00")  # hello-sized but not a hello
        other_device = encode_json({"id": 1, "method": "miIO.info", "params": []})
        probe.send(codec.encode(device.device_id + 1, device.stamp, other_device))
        assert await probe.receive(SILENCE) is None
    assert device.counters.malformed == 3
