"""The state of a device as typed values: one frozen dataclass per device kind.

The device clients read canonical values keyed by capability; these classes give them types. A
field is None where the unit lacks the capability or did not report a value for it. The states are
facts about the device, so they live with the client (no Home Assistant here); the coordinators
are typed on them, and an optimistic update after a write is a ``dataclasses.replace``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, TypedDict

from . import television as tv
from .models import aircondition as ac


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    """Keep a number as the device gave it (an int stays an int); anything else is no value."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class AirConditionerState:
    """What an air conditioner reports, one field per capability (``models.aircondition``)."""

    power: bool | None = None
    mode: str | None = None  # a canonical HVAC mode (MODE_*)
    target_temperature: float | None = None
    current_temperature: float | None = None
    current_humidity: float | None = None
    target_humidity: float | None = None
    outdoor_temperature: float | None = None
    outdoor_humidity: float | None = None
    fan_mode: str | None = None
    swing_vertical: bool | None = None
    swing_horizontal: bool | None = None
    vane_vertical: str | None = None  # a fixed vane position, position_1..
    vane_horizontal: str | None = None
    eco: bool | None = None
    sleep: bool | None = None
    turbo: bool | None = None
    aux_heat: bool | None = None
    dryer: bool | None = None
    buzzer: bool | None = None
    light: bool | None = None
    power_consumption: float | None = None  # W
    energy: float | None = None  # kWh

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> AirConditionerState:
        """Type the canonical values an air conditioner client reads."""
        return cls(
            power=_flag(values.get(ac.POWER)),
            mode=_text(values.get(ac.MODE)),
            target_temperature=_number(values.get(ac.TARGET_TEMPERATURE)),
            current_temperature=_number(values.get(ac.CURRENT_TEMPERATURE)),
            current_humidity=_number(values.get(ac.CURRENT_HUMIDITY)),
            target_humidity=_number(values.get(ac.TARGET_HUMIDITY)),
            outdoor_temperature=_number(values.get(ac.OUTDOOR_TEMPERATURE)),
            outdoor_humidity=_number(values.get(ac.OUTDOOR_HUMIDITY)),
            fan_mode=_text(values.get(ac.FAN_MODE)),
            swing_vertical=_flag(values.get(ac.SWING_VERTICAL)),
            swing_horizontal=_flag(values.get(ac.SWING_HORIZONTAL)),
            vane_vertical=_text(values.get(ac.VANE_VERTICAL)),
            vane_horizontal=_text(values.get(ac.VANE_HORIZONTAL)),
            eco=_flag(values.get(ac.ECO)),
            sleep=_flag(values.get(ac.SLEEP)),
            turbo=_flag(values.get(ac.TURBO)),
            aux_heat=_flag(values.get(ac.AUX_HEAT)),
            dryer=_flag(values.get(ac.DRYER)),
            buzzer=_flag(values.get(ac.BUZZER)),
            light=_flag(values.get(ac.LIGHT)),
            power_consumption=_number(values.get(ac.POWER_CONSUMPTION)),
            energy=_number(values.get(ac.ENERGY)),
        )

    def as_dict(self, capabilities: frozenset[str]) -> dict[str, Any]:
        """Return the values of the given capabilities, keyed as the client reads them."""
        return {key: value for key, value in asdict(self).items() if key in capabilities}


class AirConditionerSettings(TypedDict, total=False):
    """Settings to write to an air conditioner, keyed by capability (what ``write()`` takes).

    The keys are AirConditionerState's writable fields, so a written setting is also an
    optimistic update of the state: ``dataclasses.replace(state, **settings)``.
    """

    power: bool
    mode: str
    target_temperature: float
    target_humidity: float
    fan_mode: str
    swing_vertical: bool
    swing_horizontal: bool
    vane_vertical: str
    vane_horizontal: str
    eco: bool
    sleep: bool
    turbo: bool
    aux_heat: bool
    dryer: bool
    buzzer: bool
    light: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TelevisionState:
    """What a TV shows over its two channels, and what we remember from our own commands."""

    power: str  # tv.POWER_ON, tv.POWER_SCREEN_OFF or tv.POWER_OFF
    volume: int | None = None  # 0-100
    muted: bool | None = None
    input: str | None = None  # the input's name (models.tv.INPUT_*)
    app: str | None = None  # package of the app we brought to the front
    playback: str | None = None  # tv.PLAYBACK_PLAYING / tv.PLAYBACK_PAUSED after our commands
    apps: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    miot_online: bool = False  # the MIoT channel answered the latest read
    http_online: bool = False  # the HTTP API answered the latest read

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> TelevisionState:
        """Type the values ``TelevisionClient.read()`` returns."""
        volume = _number(values.get(tv.VOLUME))
        apps = values.get(tv.APPS) or {}
        return cls(
            power=str(values.get(tv.POWER, tv.POWER_OFF)),
            volume=None if volume is None else round(volume),
            muted=_flag(values.get(tv.MUTED)),
            input=_text(values.get(tv.INPUT)),
            app=_text(values.get(tv.APP)),
            playback=_text(values.get(tv.PLAYBACK)),
            apps=MappingProxyType({str(package): str(name) for package, name in apps.items()}),
            miot_online=bool(values.get(tv.MIOT_ONLINE)),
            http_online=bool(values.get(tv.HTTP_ONLINE)),
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the state keyed as ``TelevisionClient.read()`` reads it."""
        return {
            tv.POWER: self.power,
            tv.VOLUME: self.volume,
            tv.MUTED: self.muted,
            tv.INPUT: self.input,
            tv.APP: self.app,
            tv.PLAYBACK: self.playback,
            tv.APPS: dict(self.apps),
            tv.MIOT_ONLINE: self.miot_online,
            tv.HTTP_ONLINE: self.http_online,
        }
