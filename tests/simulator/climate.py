"""Opt-in room physics for simulated air conditioners.

Nothing here runs on a timer: the device advances its room by the simulated time that passed
since the last request, right before it answers the next one. With the default speed of 0 the
physics is off and state changes only when a client (or a test) writes it, which keeps tests
deterministic.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from typing import Any, Final, Protocol

from .profiles import ClimateModel, Profile

OUTDOOR_TEMPERATURE: Final = 30.0  # degC the room drifts towards while the AC is off
ACTIVE_TIME_CONSTANT: Final = 600.0  # s for the room to get ~63% of the way to the target
IDLE_TIME_CONSTANT: Final = 3600.0  # s for the room to get ~63% of the way to the outdoor air
SETTLED: Final = 0.5  # degC from the target at which the compressor throttles down

# Electrical draw in W by what the AC is doing.
COMPRESSOR_WATTS: Final = 900.0
THROTTLED_WATTS: Final = 300.0
DRYING_WATTS: Final = 400.0
FAN_WATTS: Final = 40.0


def power_draw(model: ClimateModel, props: MutableMapping[str, Any]) -> float:
    """Return the electrical power the AC draws right now, in watts."""
    if props[model.power_key] != model.on_value:
        return 0.0
    mode = props[model.mode_key]
    if mode in model.drying:
        return DRYING_WATTS
    if mode not in model.cooling and mode not in model.heating:
        return FAN_WATTS
    if model.room_key is None:
        return COMPRESSOR_WATTS
    gap = abs(props[model.target_key] - props[model.room_key]) / model.scale
    return COMPRESSOR_WATTS if gap > SETTLED else THROTTLED_WATTS


class HasClimateState(Protocol):
    """A simulated device as seen here: its profile and its state store."""

    profile: Profile
    props: MutableMapping[str, Any]


def reset_energy(device: HasClimateState, counted: float = 0.0) -> None:
    """Reset the unit's energy counter, as mc firmware that "pulses" it does.

    ``counted`` is what the counter has counted since the reset (kWh). The counter goes on from
    there: with room physics on, as the unit draws power.
    """
    model = device.profile.climate
    if model is None or model.energy_key is None:
        raise ValueError(f"{device.profile.model} has no energy counter")
    device.props[model.energy_key] = counted


class RoomPhysics:
    """Advances one AC's room temperature and energy counters with simulated time.

    The room temperature is kept at full precision here and written to the state rounded the way the
    device reports it; a value that a test writes into the state directly takes over.
    """

    def __init__(self, model: ClimateModel, speed: float) -> None:
        """Model an AC described by ``model``; ``speed`` simulated seconds pass per real second."""
        self.model = model
        self.speed = speed
        self._room: float | None = None
        self._reported: Any = None

    def advance(self, props: MutableMapping[str, Any], real_seconds: float) -> None:
        """Move the room and the counters forward by ``real_seconds`` of wall-clock time."""
        seconds = real_seconds * self.speed
        model = self.model
        watts = power_draw(model, props)
        if model.load_power_key is not None:
            props[model.load_power_key] = watts
        if model.energy_key is not None:
            props[model.energy_key] = props[model.energy_key] + watts * seconds / 3_600_000
        if model.room_key is None:
            return
        if self._room is None or props[model.room_key] != self._reported:
            self._room = props[model.room_key] / model.scale
        target = props[model.target_key] / model.scale
        mode = props[model.mode_key]
        on = props[model.power_key] == model.on_value
        room = self._room
        if on and (
            (mode in model.cooling and room > target) or (mode in model.heating and room < target)
        ):
            goal, time_constant = target, ACTIVE_TIME_CONSTANT
        else:
            goal, time_constant = OUTDOOR_TEMPERATURE, IDLE_TIME_CONSTANT
        self._room = goal + (room - goal) * math.exp(-seconds / time_constant)
        if model.scale == 1.0:
            self._reported = round(self._room, 1)
        else:
            self._reported = round(self._room * model.scale)
        props[model.room_key] = self._reported
