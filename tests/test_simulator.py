"""The simulator is faithful: python-miio's own client talks to it, and every fault is observable.

python-miio is blocking, so its tests run against the threaded simulator from the test's thread.
The protocol and fault tests use a bare probe built on the project's packet codec.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import itertools
import json
import random
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any

import aiohttp
import miio
import pytest

from custom_components.xiaomi_living.client.protocol import (
    HEADER_SIZE,
    HELLO,
    ChecksumError,
    MiioCodec,
    Packet,
    PacketError,
    decode_json,
    encode_json,
    parse_header,
)
from tests.simulator import (
    PROFILES,
    Faults,
    SimulatedDevice,
    SimulatedTv,
    Simulator,
    ThreadedSimulator,
    TvState,
    fleet,
)
from tests.simulator import __main__ as cli
from tests.simulator.fleet import _POOL, LAST_HOST
from tests.simulator.profiles import LegacySetter, Profile
from tests.simulator.tv import UNPRIVILEGED_WOL_PORT, WOL_PORT, TvProperties

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:miio.*")

MC4 = "xiaomi.aircondition.mc4"
MA4 = "xiaomi.aircondition.ma4"
ZHIMI = "zhimi.aircondition.v1"
MCN02 = "lumi.acpartner.mcn02"
TV = "xiaomi.tv.mitv5proh1"
SILENCE = 0.25  # seconds to wait before concluding that nothing will come
REPO = Path(__file__).resolve().parents[1]


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


# --- python-miio, unmodified, against the simulator ---------------------------------------------


@pytest.mark.parametrize("model", list(PROFILES))
def test_python_miio_reads_info(threaded_simulator: ThreadedSimulator, model: str) -> None:
    device = threaded_simulator(model)
    info = miio.Device(device.host, device.token_hex).info()
    assert info.model == model
    assert info.firmware_version == device.profile.fw_ver
    assert info.mac_address == device.mac.upper()
    assert info.network_interface["localIp"] == device.host
    assert "token" not in info.data
    assert device.counters.hellos >= 1
    assert [record.method for record in device.requests] == ["miIO.info"]


def test_python_miio_get_properties(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4, props={"target_temperature": 23.5, "mode": 5})
    answer = miio.Device(device.host, device.token_hex).send(
        "get_properties", [miot(2, 4, did="t"), miot(2, 2, did="m"), miot(7, 7, did="x")]
    )
    assert answer == [
        {"did": "t", "siid": 2, "piid": 4, "code": 0, "value": 23.5},
        {"did": "m", "siid": 2, "piid": 2, "code": 0, "value": 5},
        {"did": "x", "siid": 7, "piid": 7, "code": -4001},
    ]


def test_python_miio_air_conditioner_miot(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(
        MC4, props={"power": True, "mode": 3, "fan_level": 4, "room_temperature": 24.3}
    )
    client = miio.AirConditionerMiot(device.host, device.token_hex)
    status = client.status()
    props = device.props
    assert status.is_on is True
    assert status.mode == miio.airconditioner_miot.OperationMode.Dry
    assert status.target_temperature == props["target_temperature"]
    assert status.fan_speed.value == 4
    assert status.temperature == 24.3
    assert status.electricity == props["electricity"]
    assert status.eco == props["eco"]
    assert status.heater == props["heater"]
    assert status.dryer == props["dryer"]
    assert status.sleep_mode == props["sleep_mode"]
    assert status.vertical_swing == props["vertical_swing"]
    assert status.buzzer == props["buzzer"]
    assert status.led == props["led"]
    assert status.fan_speed_percent == props["fan_percent"]
    assert status.clean.progress == 100
    assert status.timer.enabled is False
    # 17 properties in chunks of 15 fit the model's limit of 16.
    assert [record.method for record in device.requests] == [
        "miIO.info",
        "get_properties",
        "get_properties",
    ]

    client.set_target_temperature(22.5)
    client.off()
    assert props["target_temperature"] == 22.5
    assert props["power"] is False


def test_python_miio_companion_mcn02(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(
        MCN02,
        props={"power": "on", "mode": "dry", "tar_temp": 22, "fan_level": "small_fan"},
    )
    client = miio.AirConditioningCompanionMcn02(device.host, device.token_hex)
    client.send("set_ver_swing", ["on"])
    device.props["load_power"] = 84.0
    status = client.status()
    assert status.is_on is True
    assert status.mode == miio.airconditioningcompanionMCN.OperationMode.Dehumidify
    assert status.target_temperature == 22
    assert status.fan_speed == miio.airconditioningcompanionMCN.FanSpeed.Low
    assert status.swing_mode == miio.airconditioningcompanionMCN.SwingMode.On
    assert status.load_power == 84
    assert client.off() == ["ok"]
    assert device.props["power"] == "off"


def test_python_miio_with_wrong_token_fails(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    client = miio.Device(device.host, "00" * 16, timeout=1)
    with pytest.raises(miio.DeviceException, match="checksum"):
        client.send("miIO.info")
    assert device.counters.bad_checksums == 1
    assert device.requests == []


def test_python_miio_sees_device_errors(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    client = miio.Device(device.host, device.token_hex)
    with pytest.raises(miio.DeviceError) as unknown:
        client.send("get_prop", ["power"])
    assert unknown.value.code == -10000
    assert client.send("set_properties", [miot(2, 4, 35.0)]) == [
        {"did": "probe", "siid": 2, "piid": 4, "code": -4005}
    ]
    with pytest.raises(miio.DeviceError) as too_many:
        client.send("get_properties", [miot(2, 1)] * 17)
    assert too_many.value.code == -5001


def test_python_miio_controls_the_tv(threaded_simulator: ThreadedSimulator) -> None:
    tv = threaded_simulator(TV)
    assert isinstance(tv, SimulatedTv)
    client = miio.Device(tv.host, tv.token_hex)
    client.send("set_properties", [miot(4, 1, 55), miot(4, 2, True)])
    assert (tv.tv.volume, tv.tv.muted) == (55, True)
    answer = client.send("action", {"did": "call-2-1", "siid": 2, "aiid": 1, "in": []})
    assert answer == {"did": "call-2-1", "siid": 2, "aiid": 1, "code": 0, "out": []}
    assert tv.tv.power == "off"
    # TvState listeners (the HTTP server) must run on the simulator's thread.
    threaded_simulator.call(setattr, tv.tv, "power", "on")
    (volume,) = client.send("get_properties", [miot(4, 1)])
    assert volume["value"] == 55


# --- the wire --------------------------------------------------------------------------------


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


# --- methods and error codes -----------------------------------------------------------------


async def test_miot_property_codes(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        assert await set_one(probe, 2, 4, 20.5) == 0
        assert await set_one(probe, 2, 4, 31.5) == -4005  # above the range
        assert await set_one(probe, 2, 4, 20.3) == -4005  # off the 0.5 step
        assert await set_one(probe, 2, 2, 1) == -4005  # not in the value list
        assert await set_one(probe, 2, 1, 1) == -4005  # an int is not a bool
        assert await set_one(probe, 3, 2, 8) == -4005
        assert await set_one(probe, 4, 7, 20.0) == -4002  # room temperature is read-only
        assert await set_one(probe, 2, 99, True) == -4003  # no such property
        missing = await probe.result("set_properties", [miot(2, 1)])
        assert missing[0]["code"] == -4005  # no value at all
        assert await get_one(probe, 2, 99) == {"did": "probe", "siid": 2, "piid": 99, "code": -4001}
        assert await get_one(probe, 2, 4) == {
            "did": "probe",
            "siid": 2,
            "piid": 4,
            "code": 0,
            "value": 20.5,
        }
        assert await probe.error("get_properties", [{"siid": "2", "piid": 1}]) == (
            -5001,
            "invalid_arg",
        )
        assert await probe.error("get_properties", {"siid": 2, "piid": 1}) == (-5001, "invalid_arg")
    assert device.props["target_temperature"] == 20.5


async def test_unknown_method(simulator: Simulator) -> None:
    device = await simulator(ZHIMI)
    async with probing(device) as probe:
        assert await probe.error("get_properties", [miot(2, 1)]) == (-10000, "Method not found.")
        assert await probe.error("set_tar_temp", [26]) == (-10000, "Method not found.")


async def test_chunk_limit_mc4(simulator: Simulator) -> None:
    device = await simulator(MC4)
    everything = [miot(p.siid, p.piid) for p in device.profile.miot]
    async with probing(device) as probe:
        assert len(everything) == 17
        assert await probe.error("get_properties", everything) == (-5001, "invalid_arg")
        assert len(await probe.result("get_properties", everything[:16])) == 16
        writes = [miot(2, 1, True)] * 17
        assert await probe.error("set_properties", writes) == (-5001, "invalid_arg")
    assert device.props["power"] is False


async def test_chunk_limit_ma4_one_property_per_request(simulator: Simulator) -> None:
    device = await simulator(MA4)
    async with probing(device) as probe:
        two = [miot(2, 1), miot(2, 2)]
        assert await probe.error("get_properties", two) == (-9999, "user ack timeout")
        assert await probe.error("get_prop", ["power", "mode"]) == (-9999, "user ack timeout")
        assert (await get_one(probe, 2, 3))["value"] == 26.0
        assert await probe.result("get_prop", ["settemp"]) == [26.0]


async def test_chunk_limit_override(simulator: Simulator) -> None:
    device = await simulator(MCN02, max_properties=2)
    async with probing(device) as probe:
        assert await probe.error("get_prop", ["power", "mode", "tar_temp"]) == (
            -5001,
            "invalid_arg",
        )
        assert await probe.result("get_prop", ["power", "mode"]) == ["off", "cool"]


async def test_ma4_shows_one_state_through_miot_and_legacy(simulator: Simulator) -> None:
    device = await simulator(MA4)
    async with probing(device) as probe:
        assert await set_one(probe, 2, 2, 2) == 0  # 2 is dry on this spec revision
        assert await set_one(probe, 2, 1, True) == 0
        assert await set_one(probe, 2, 2, 5) == -4005
        assert await probe.result("get_prop", ["mode"]) == ["dry"]
        assert await probe.result("get_prop", ["power"]) == ["on"]
        assert await probe.result("get_prop", ["swing"]) == ["off"]
        assert await probe.result("get_prop", ["no_such_name"]) == [None]


async def test_zhimi_legacy_properties_and_setters(simulator: Simulator) -> None:
    device = await simulator(ZHIMI)
    names = ["power", "mode", "st_temp_dec", "temp_dec", "ot_temp_dec", "ot_humidity"]
    async with probing(device) as probe:
        assert await probe.result("get_prop", names) == ["off", 1, 260, 281, 335, 62]
        assert await probe.result("set_power", ["on"]) == ["ok"]
        assert await probe.result("set_temp", [235]) == ["ok"]
        assert await probe.result("set_horizon", ["on"]) == ["ok"]
        assert await probe.error("set_temp", [233]) == (-5001, "invalid_arg")  # off the step
        assert await probe.error("set_temp", [23.5]) == (-5001, "invalid_arg")  # not tenths
        assert await probe.error("set_mode", [7]) == (-5001, "invalid_arg")
        assert await probe.error("set_mode", [1, 2]) == (-5001, "invalid_arg")
        assert await probe.error("get_prop", "power") == (-5001, "invalid_arg")
    assert device.props["power"] == "on"
    assert device.props["st_temp_dec"] == 235
    assert device.props["horizon_swing"] == "on"


async def test_mcn02_legacy_setters(simulator: Simulator) -> None:
    device = await simulator(MCN02)
    async with probing(device) as probe:
        assert await probe.result("set_mode", ["heat"]) == ["ok"]
        assert await probe.result("set_tar_temp", [30]) == ["ok"]
        assert await probe.result("set_fan_level", ["large_fan"]) == ["ok"]
        assert await probe.error("set_tar_temp", [31]) == (-5001, "invalid_arg")
        assert await probe.error("set_mode", ["fan"]) == (-5001, "invalid_arg")
    assert device.props["mode"] == "heat"
    assert device.props["tar_temp"] == 30
    assert device.props["fan_level"] == "large_fan"


async def test_actions(simulator: Simulator) -> None:
    device = await simulator(MC4)
    async with probing(device) as probe:
        answer = await probe.result("action", {"did": "a", "siid": 2, "aiid": 1, "in": []})
        assert answer == {"did": "a", "siid": 2, "aiid": 1, "code": -4003}
        assert await probe.error("action", {"siid": 2}) == (-5001, "invalid_arg")


@pytest.mark.parametrize("profile", PROFILES.values(), ids=list(PROFILES))
def test_profile_defaults_are_valid(profile: Profile) -> None:
    for prop in profile.miot:
        if profile.family != "tv":
            assert prop.key in profile.defaults
            if prop.writable:
                assert prop.spec.accepts(profile.defaults[prop.key]), prop
    for legacy in profile.legacy:
        wire = legacy.codec.to_wire(profile.defaults[legacy.key])
        assert legacy.spec.accepts(wire), legacy
    for setter in profile.setters:
        assert profile.legacy_property(setter.prop) is not None


def test_profile_with_a_setter_for_nothing_is_rejected() -> None:
    broken = Profile(
        model="broken",
        family="air_conditioner",
        fw_ver="0",
        hw_ver="0",
        legacy=PROFILES[MCN02].legacy,
        setters=(LegacySetter("set_nothing", "nothing"),),
    )
    with pytest.raises(ValueError, match="set_nothing"):
        SimulatedDevice(broken, "127.0.0.2")


# --- faults ----------------------------------------------------------------------------------


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


# --- the TV ----------------------------------------------------------------------------------


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        yield session


async def http_get(session: aiohttp.ClientSession, tv: SimulatedTv, path: str) -> Any:
    async with session.get(f"http://{tv.host}:{tv.http_port}{path}") as response:
        return await response.json(content_type=None)


async def test_tv_state_is_shared_between_miot_and_http(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    async with probing(tv) as probe:
        assert await set_one(probe, 4, 1, 60) == 0
        assert await set_one(probe, 4, 1, 101) == -4005
        volume = await http_get(http, tv, "/general?action=getVolum")
        assert json.loads(volume["data"])["volum"] == tv.tv.http_volume() == 9

        await http_get(http, tv, "/controller?action=changesource&source=hdmi2")
        assert (await get_one(probe, 2, 1))["value"] == tv.tv.inputs.index("HDMI 2")
        assert await set_one(probe, 2, 1, 0) == 0
        assert tv.tv.input_source == "TV"
        assert await set_one(probe, 2, 1, len(tv.tv.inputs)) == -4005

        await http_get(http, tv, "/controller?action=keyevent&keycode=volumeup")
        assert (await get_one(probe, 4, 1))["value"] == tv.tv.volume
        assert await set_one(probe, 4, 2, True) == 0
        assert tv.tv.muted is True

        tv.tv.input_source = "DVB-T"  # a source the MIoT list does not know
        assert (await get_one(probe, 2, 1))["code"] == -4004


async def test_tv_speaker_mode_is_screen_off(simulator: Simulator) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    async with probing(tv) as probe:
        assert await set_one(probe, 8, 1, True) == 0
        assert tv.tv.power == "screen_off"
        assert (await get_one(probe, 8, 1))["value"] is True
        assert await set_one(probe, 8, 1, False) == 0
        assert tv.tv.power == "on"
        assert await set_one(probe, 8, 1, False) == 0
        assert tv.tv.power == "on"


async def test_tv_turn_off_then_wake_on_lan(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    shared = TvState(name="Living room")
    tv = await simulator(TV, tv=shared)
    assert isinstance(tv, SimulatedTv)
    assert tv.mac == shared.mac
    async with probing(tv) as probe:
        off = await probe.result("action", [{"did": "t", "siid": 2, "aiid": 1, "in": []}])
        assert off["code"] == 0
        assert shared.power == "off"
        assert await probe.hello(SILENCE) is None
        with pytest.raises(aiohttp.ClientConnectionError):
            await http_get(http, tv, "/request?action=isalive")

        mac = bytes.fromhex(shared.mac.replace(":", ""))
        with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as sender:
            sender.sendto(b"\xff" * 6 + bytes(6) * 16, (tv.host, tv.wol_port))  # not our MAC
            await asyncio.sleep(0.05)
            assert shared.power == "off"
            sender.sendto(b"\xff" * 6 + mac * 16, (tv.host, tv.wol_port))
            for _ in range(100):
                if shared.power == "on":
                    break
                await asyncio.sleep(0.01)
        assert shared.power == "on"
        assert shared.wake_on_lan_packets == 1
        assert await probe.hello() is not None
        alive = await http_get(http, tv, "/request?action=isalive")
        assert alive["data"]["devicename"] == "Living room"

        tv.handle_wake_on_lan(b"\xff" * 6 + mac * 16)  # already on: nothing to count
        assert shared.wake_on_lan_packets == 1


async def test_tv_http_down(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    tv = await simulator(TV)
    assert isinstance(tv, SimulatedTv)
    await tv.stop_http()
    await tv.stop_http()
    with pytest.raises(aiohttp.ClientConnectionError):
        await http_get(http, tv, "/request?action=isalive")
    async with probing(tv) as probe:
        assert await probe.hello() is not None  # miIO keeps answering
    await tv.start_http()
    await tv.start_http()
    assert tv.http is not None
    assert (await http_get(http, tv, "/request?action=isalive"))["status"] == 0
    tv.http.faults.down = True
    with pytest.raises(aiohttp.ClientConnectionError):
        await http_get(http, tv, "/request?action=isalive")


def test_tv_properties_are_a_view_of_tv_state() -> None:
    shared = TvState(volume=12, muted=True, power="screen_off")
    props = TvProperties(shared)
    assert dict(props) == {
        "input": 2,
        "volume": 12,
        "mute": True,
        "speaker_mode": True,
        "power": "screen_off",
    }
    assert len(props) == 5
    props["power"] = "on"
    assert shared.power == "on"
    with pytest.raises(KeyError):
        props["brightness"]
    with pytest.raises(KeyError):
        props["brightness"] = 3
    with pytest.raises(TypeError):
        del props["volume"]


async def test_tv_that_cannot_serve_http_releases_everything(simulator: Simulator) -> None:
    (host,) = _free_consecutive_hosts(1)
    with closing(socket.create_server((host, 0))) as squatter:
        port = squatter.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            await simulator(TV, host=host, http_port=port, wol_port=0)
    assert simulator.devices == []
    assert (await simulator(TV, host=host, http_port=port, wol_port=0)).host == host


async def test_tv_offline_ignores_wake_on_lan(simulator: Simulator) -> None:
    tv = await simulator(TV, faults=Faults(offline=True))
    assert isinstance(tv, SimulatedTv)
    tv.tv.power = "off"
    tv.handle_wake_on_lan(b"\xff" * 6 + bytes.fromhex(tv.mac.replace(":", "")) * 16)
    assert tv.tv.power == "off"


async def test_tv_wake_on_lan_port(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = await simulator(TV, wol_port=0, http_port=0)
    assert isinstance(explicit, SimulatedTv)
    assert explicit.wol_port not in (0, WOL_PORT)

    loop = asyncio.get_running_loop()
    real_endpoint = loop.create_datagram_endpoint

    async def unprivileged(factory: Any, local_addr: tuple[str, int], **kwargs: Any) -> Any:
        if 0 < local_addr[1] < 1024:
            raise PermissionError(errno.EACCES, "permission denied")
        return await real_endpoint(factory, local_addr=local_addr, **kwargs)

    monkeypatch.setattr(loop, "create_datagram_endpoint", unprivileged)
    fallback = await simulator(TV, http_port=0)
    assert isinstance(fallback, SimulatedTv)
    assert fallback.wol_port == UNPRIVILEGED_WOL_PORT
    with pytest.raises(PermissionError):
        await simulator(TV, wol_port=7, http_port=0)
    assert len(simulator.devices) == 2  # the failed TV let go of what it had bound


# --- physics ---------------------------------------------------------------------------------


async def test_physics_is_off_by_default(simulator: Simulator) -> None:
    device = await simulator(MC4, props={"power": True, "target_temperature": 20.0})
    device._physics_clock -= 3600
    async with probing(device) as probe:
        assert (await get_one(probe, 4, 7))["value"] == 28.0
        assert (await get_one(probe, 8, 1))["value"] == 12.5


async def test_room_cools_towards_target(simulator: Simulator) -> None:
    device = await simulator(
        MC4, physics_speed=60, props={"power": True, "target_temperature": 20.0}
    )
    async with probing(device) as probe:
        device._physics_clock -= 10  # ten real seconds: ten simulated minutes
        room = (await get_one(probe, 4, 7))["value"]
        assert 20.0 < room < 24.0
        assert (await get_one(probe, 8, 1))["value"] > 12.5
        device.props["room_temperature"] = 19.0  # a test may set the room; it takes over
        device._physics_clock -= 1
        assert 19.0 <= (await get_one(probe, 4, 7))["value"] < 19.5


async def test_room_warms_while_off_and_power_draw(simulator: Simulator) -> None:
    zhimi = await simulator(ZHIMI, physics_speed=3600)
    mcn02 = await simulator(MCN02, physics_speed=1, props={"power": "on", "mode": "cool"})
    async with probing(zhimi) as probe:
        zhimi._physics_clock -= 1
        (room,) = await probe.result("get_prop", ["temp_dec"])
        assert 281 < room < 300
    async with probing(mcn02) as probe:
        mcn02._physics_clock -= 1
        assert await probe.result("get_prop", ["load_power"]) == [900.0]
        await probe.result("set_mode", ["dry"])
        mcn02._physics_clock -= 1
        assert await probe.result("get_prop", ["load_power"]) == [400.0]
        await probe.result("set_mode", ["wind"])
        mcn02._physics_clock -= 1
        assert await probe.result("get_prop", ["load_power"]) == [40.0]
        await probe.result("set_power", ["off"])
        mcn02._physics_clock -= 1
        assert await probe.result("get_prop", ["load_power"]) == [0.0]


async def test_settled_room_draws_less(simulator: Simulator) -> None:
    device = await simulator(
        MA4,
        physics_speed=1,
        props={"power": True, "mode": 4, "target_temperature": 27.5, "room_temperature": 27.5},
    )
    async with probing(device) as probe:
        device._physics_clock -= 1
        assert (await get_one(probe, 4, 1))["value"] > 27.4


# --- fleets ----------------------------------------------------------------------------------


async def test_busy_addresses_are_skipped(simulator: Simulator) -> None:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        while True:  # occupy the address the pool hands out next
            host = next(_POOL.candidates())
            try:
                squatter.bind((host, 54321))
                break
            except OSError:
                continue
        _POOL._next = (_POOL._next - 1) % _POOL._size
        device = await simulator(MC4)
        assert device.host != host
        assert device.port == 54321
        with pytest.raises(OSError, match="in use") as taken:
            await simulator(MC4, host=host)
        assert taken.value.errno == errno.EADDRINUSE


async def test_no_free_address_left(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    (host,) = _free_consecutive_hosts(1)
    only = ipaddress.IPv4Address(host)
    monkeypatch.setattr(fleet, "_POOL", fleet._AddressPool(only, only))
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        squatter.bind((host, 54321))
        with pytest.raises(OSError, match="no free loopback address"):
            await simulator(MC4)


def test_threaded_simulator_runs_its_own_loop(threaded_simulator: ThreadedSimulator) -> None:
    device = threaded_simulator(MC4)
    assert threaded_simulator.devices == [device]
    assert threaded_simulator.run(asyncio.sleep(0, "done")) == "done"
    assert threaded_simulator.call(device.props.get, "mode") == 2
    assert "127.0." in repr(device)
    assert device.token_hex not in repr(device)


# --- the command line ------------------------------------------------------------------------


def _free_consecutive_hosts(count: int) -> list[str]:
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


async def test_cli_prints_ready_lines_and_exits_on_sigterm() -> None:
    hosts = _free_consecutive_hosts(6)
    key = "00112233445566778899aabbccddeeff"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.simulator",
        "--device",
        f"{MC4}@{hosts[0]}",
        "--device",
        f"{TV}@{hosts[3]}",
        "--count",
        "3",
        "--token",
        key,
        "--loss",
        "0",
        "--latency-ms",
        "1",
        "--http-port",
        "0",
        "--wol-port",
        "0",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        lines = [(await asyncio.wait_for(process.stdout.readline(), 60)).decode() for _ in range(6)]
        models = [MC4] * 3 + [TV] * 3
        for line, model, host in zip(lines, models, hosts, strict=True):
            ready, line_model, line_host, line_token, line_id = line.split()
            assert (ready, line_model, line_host, line_token) == ("READY", model, host, key)
            assert line_id.isdigit()
        second_id = int(lines[1].split()[4])
        device = SimulatedDevice(MC4, hosts[1], token=bytes.fromhex(key), device_id=second_id)
        async with probing(device) as probe:
            reply = await probe.hello()
            assert reply is not None
            assert reply.device_id == second_id
            assert (await probe.result("miIO.info"))["netif"]["localIp"] == hosts[1]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--device", "no.such.model@127.0.0.2"],
        ["--device", f"{MC4}@nowhere"],
        ["--device", f"{MC4}@127.0.0.2", "--token", "abc"],
        ["--device", f"{MC4}@127.0.0.2", "--token", "zz" * 16],
    ],
)
def test_cli_rejects_bad_arguments(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(arguments)
    assert exited.value.code == 2
    assert "error" in capsys.readouterr().err


def test_cli_reports_a_taken_address(capsys: pytest.CaptureFixture[str]) -> None:
    (host,) = _free_consecutive_hosts(1)
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as squatter:
        squatter.bind((host, 54321))
        assert cli.main(["--device", f"{TV}@{host}", "--http-port", "0"]) == 1
    assert "cannot start the simulator" in capsys.readouterr().err
