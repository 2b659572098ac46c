"""The simulator's optional room physics: rooms cool and warm, units draw power."""

from __future__ import annotations

from tests.simulator import Simulator
from tests.simulator.probe import MA4, MC4, MCN02, ZHIMI, get_one, probing


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
