"""The simulator's methods and error codes: MIoT, legacy props and setters, chunk limits."""

from __future__ import annotations

from tests.simulator import Simulator
from tests.simulator.probe import MA4, MC4, MCN02, ZHIMI, get_one, miot, probing, set_one


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
        assert await probe.result("get_prop", ["mode"]) == [2]
        assert await probe.result("get_prop", ["power"]) == [1]
        assert await probe.result("get_prop", ["swing"]) == [0]
        assert await probe.result("set_swingh", [1]) == ["ok"]
        assert (await get_one(probe, 3, 3))["value"] is True
        assert await probe.error("set_swingh", [True]) == (-5001, "invalid_arg")
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
