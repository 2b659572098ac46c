"""The typed states: what the clients read, as typed values, and back for diagnostics."""

from __future__ import annotations

from dataclasses import fields, replace

from custom_components.xiaomi_living.client import television as tv
from custom_components.xiaomi_living.client.models import aircondition as ac
from custom_components.xiaomi_living.client.state import (
    AirConditionerSettings,
    AirConditionerState,
    TelevisionState,
)


def test_air_conditioner_fields_are_the_capabilities() -> None:
    """Every capability of a family is a field, and so is every setting: replace() takes a write."""
    names = {field.name for field in fields(AirConditionerState)}
    for description in ac.AIR_CONDITIONERS:
        assert set(description.fields) <= names, description.key
        writable = {key for key, field in description.fields.items() if field.writable}
        assert writable <= set(AirConditionerSettings.__annotations__), description.key
    assert set(AirConditionerSettings.__annotations__) <= names


def test_air_conditioner_values_are_typed() -> None:
    """Numbers stay as the device gave them; flags become bools; what does not fit is None."""
    state = AirConditionerState.from_values(
        {
            ac.POWER: 1,
            ac.MODE: "cool",
            ac.TARGET_TEMPERATURE: 26,
            ac.CURRENT_TEMPERATURE: 27.5,
            ac.CURRENT_HUMIDITY: True,  # a flag is no measurement
            ac.ENERGY: "12",  # nor is a string
            ac.ECO: None,
        }
    )
    assert state.power is True
    assert state.mode == "cool"
    assert state.target_temperature == 26
    assert type(state.target_temperature) is int
    assert state.current_temperature == 27.5
    assert state.current_humidity is None
    assert state.energy is None
    assert state.eco is None
    assert state.light is None  # a capability the values do not carry


def test_air_conditioner_settings_update_the_state() -> None:
    """A written setting is the optimistic update; diagnostics show the unit's capabilities."""
    state = AirConditionerState(power=False, mode="heat", target_temperature=20.0)
    settings: AirConditionerSettings = {ac.POWER: True, ac.MODE: "cool"}
    updated = replace(state, **settings)
    assert updated == AirConditionerState(power=True, mode="cool", target_temperature=20.0)
    assert updated.as_dict(frozenset({ac.POWER, ac.FAN_MODE})) == {
        ac.POWER: True,
        ac.FAN_MODE: None,
    }


def test_television_round_trip() -> None:
    """The TV's state keeps the client's keys for diagnostics."""
    values = {
        tv.POWER: tv.POWER_ON,
        tv.VOLUME: 30.4,
        tv.MUTED: 0,
        tv.INPUT: "hdmi1",
        tv.APP: None,
        tv.PLAYBACK: None,
        tv.APPS: {"com.example": "Example"},
        tv.MIOT_ONLINE: True,
        tv.HTTP_ONLINE: False,
    }
    state = TelevisionState.from_values(values)
    assert state.volume == 30
    assert state.muted is False
    assert state.apps == {"com.example": "Example"}
    assert state.as_dict() == {**values, tv.VOLUME: 30, tv.MUTED: False}


def test_television_without_values_is_off() -> None:
    """Nothing read means a set that is fully off, with nothing known about it."""
    state = TelevisionState.from_values({})
    assert state == TelevisionState(power=tv.POWER_OFF)
    assert state.volume is None
    assert not state.apps
    assert not state.miot_online
    assert not state.http_online
