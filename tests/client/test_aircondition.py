"""The AC driver and the model descriptions, against simulated devices."""

from __future__ import annotations

import pytest

from custom_components.xiaomi_living.client import DeviceError, MiioClient
from custom_components.xiaomi_living.client.aircondition import AirConditionerClient
from custom_components.xiaomi_living.client.errors import DeviceValueError
from custom_components.xiaomi_living.client.models import aircondition as ac
from tests.simulator.fleet import Simulator


def test_every_description_is_consistent() -> None:
    """Each family has the core capabilities, and no model belongs to two families."""
    seen: set[str] = set()
    for description in ac.AIR_CONDITIONERS:
        for key in (ac.POWER, ac.MODE, ac.TARGET_TEMPERATURE, ac.FAN_MODE):
            assert not description.fields[key].optional, (description.key, key)
        assert description.hvac_modes
        assert description.fan_modes[0] == ac.FAN_AUTO
        assert description.min_temperature < description.max_temperature
        assert not seen & set(description.models)
        seen |= set(description.models)
        for model in description.models:
            assert model == model.lower()
            assert ac.air_conditioner_description(model) is not None


def test_overrides_apply_to_their_model_only() -> None:
    """ma4's own mode numbering replaces the family's; its siblings keep the family's."""
    ma4 = ac.air_conditioner_description("xiaomi.aircondition.ma4")
    ma2 = ac.air_conditioner_description("xiaomi.aircondition.ma2")
    assert ma4 is not None
    assert ma2 is not None
    assert ma4.fields[ac.MODE].encode("cool") == 1
    assert ma2.fields[ac.MODE].encode("cool") == 2
    assert ma4.fields[ac.TARGET_TEMPERATURE] == ma2.fields[ac.TARGET_TEMPERATURE]
    assert ac.air_conditioner_description("XIAOMI.AIRCONDITION.MC4") is ac.MIOT_MC
    assert ac.air_conditioner_description("xiaomi.tv.mitv5proh1") is None


@pytest.mark.parametrize(
    ("field", "canonical", "wire"),
    [
        (ac.Field(values={"cool": 2}), "cool", 2),
        (ac.Field(on_off=True), True, "on"),
        (ac.Field(on_off=True), False, "off"),
        (ac.Field(scale=10), 24.5, 245),
        (ac.Field(scale=10), 24.55, 245.5),
        (ac.Field(), 24.5, 24.5),
    ],
)
def test_field_round_trip(field: ac.Field, canonical: object, wire: object) -> None:
    """Encoding a canonical value and decoding the wire value give each other back."""
    assert field.encode(canonical) == wire
    assert field.decode(wire) == canonical


def test_field_refuses_what_its_description_does_not_allow() -> None:
    """A mode the description does not know is refused, never a raw number shown to users."""
    with pytest.raises(DeviceValueError, match="9 is none of"):
        ac.Field(values={"cool": 2}).decode(9)
    with pytest.raises(DeviceValueError):
        ac.Field(values={"cool": 1}).decode(True)  # True == 1 in Python, not on the wire
    assert ac.Field(on_off=True).decode(1) is True
    assert ac.Field(on_off=True).decode("off") is False
    with pytest.raises(DeviceValueError, match="not on or off"):
        ac.Field(on_off=True).decode("maybe")


@pytest.mark.parametrize("description", ac.AIR_CONDITIONERS, ids=lambda d: d.key)
def test_every_field_of_a_description_says_what_it_holds(
    description: ac.AirConditionerDescription,
) -> None:
    """Kinds and bounds come from the capability: numbers are bounded, flags and choices typed."""
    for key, field in description.fields.items():
        assert field.kind is not None, key
        if field.kind is ac.Kind.NUMBER:
            assert field.minimum is not None, key
            assert field.maximum is not None, key
            assert field.minimum <= description.min_temperature or key != ac.TARGET_TEMPERATURE
            with pytest.raises(DeviceValueError):
                field.decode("24")
            with pytest.raises(DeviceValueError):
                field.decode(float("nan"))
            with pytest.raises(DeviceValueError):
                field.decode(10**400)  # too large for a float: refused, not an OverflowError
        elif field.kind is ac.Kind.FLAG:
            with pytest.raises(DeviceValueError):
                field.decode([True])


async def test_probe_keeps_what_the_unit_reports(simulator: Simulator) -> None:
    """mc4 lacks the family's humidity and power properties; probing drops them."""
    device = await simulator("xiaomi.aircondition.mc4")
    async with MiioClient(device.host, device.token) as client:
        driver = AirConditionerClient(client, ac.MIOT_MC)
        assert ac.CURRENT_HUMIDITY in driver.capabilities
        state = await driver.probe()
    assert ac.CURRENT_HUMIDITY not in driver.capabilities
    assert ac.POWER_CONSUMPTION not in driver.capabilities
    assert state[ac.ENERGY] == 12.5
    assert state[ac.MODE] == "cool"


async def test_refused_property_raises_device_error(simulator: Simulator) -> None:
    """A value the device refuses (-4005) is an error naming the code; the state is unchanged."""
    device = await simulator("xiaomi.aircondition.mc4")
    async with MiioClient(device.host, device.token) as client:
        driver = AirConditionerClient(client, ac.MIOT_MC)
        with pytest.raises(DeviceError) as err:
            await driver.write({ac.TARGET_TEMPERATURE: 40.0})
    assert err.value.code == -4005
    assert device.props["target_temperature"] == 26.0


async def test_read_only_capability_cannot_be_written(simulator: Simulator) -> None:
    """Writing a measurement is a programming error, caught before anything is sent."""
    device = await simulator("xiaomi.aircondition.mc4")
    async with MiioClient(device.host, device.token) as client:
        driver = AirConditionerClient(client, ac.MIOT_MC)
        with pytest.raises(ValueError, match="read-only"):
            await driver.write({ac.CURRENT_TEMPERATURE: 20.0})
    assert device.counters.handled == 0
