"""Air conditioner descriptions as data: which property means what on which model.

A description maps our canonical capabilities (``power``, ``mode``, ``target_temperature``,
``fan_mode`` ...) to a model family's wire format: MIoT (siid, piid) or a legacy ``get_prop`` name
with its setter method, plus value maps and scales. Canonical values are plain Python values; the
mode and fan names match Home Assistant's strings, without importing Home Assistant.

Adding a model is adding a description (or a model id to one) and, where a model deviates from its
family, a line in ``MODEL_OVERRIDES``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from custom_components.xiaomi_living.client.answers import short_repr
from custom_components.xiaomi_living.client.errors import DeviceValueError


class Confidence(StrEnum):
    """How sure we are that a model behaves as its description says."""

    REPORTED = "reported"  # users report this exact model working with this numbering
    LIKELY = "likely"  # same family and spec numbering as reported models, not confirmed
    UNVERIFIED = "unverified"  # listed by analogy only


class Transport(StrEnum):
    """How the family is read and written."""

    MIOT = "miot"
    LEGACY = "legacy"
    # AC companions v1/v2/v3: state as a hex string, control through IR configuration commands
    ACPARTNER_STATE = "acpartner_state"


# Canonical capability keys.
POWER: Final = "power"
MODE: Final = "mode"
TARGET_TEMPERATURE: Final = "target_temperature"
CURRENT_TEMPERATURE: Final = "current_temperature"
CURRENT_HUMIDITY: Final = "current_humidity"
TARGET_HUMIDITY: Final = "target_humidity"
OUTDOOR_TEMPERATURE: Final = "outdoor_temperature"
OUTDOOR_HUMIDITY: Final = "outdoor_humidity"
FAN_MODE: Final = "fan_mode"
SWING_VERTICAL: Final = "swing_vertical"
SWING_HORIZONTAL: Final = "swing_horizontal"
# Fixed vane positions, on models with angle properties
VANE_VERTICAL: Final = "vane_vertical"
VANE_HORIZONTAL: Final = "vane_horizontal"
ECO: Final = "eco"
SLEEP: Final = "sleep"
TURBO: Final = "turbo"
AUX_HEAT: Final = "aux_heat"
DRYER: Final = "dryer"
BUZZER: Final = "buzzer"
LIGHT: Final = "light"
POWER_CONSUMPTION: Final = "power_consumption"  # W
ENERGY: Final = "energy"  # kWh

# Canonical HVAC modes (Home Assistant's HVACMode values) and fan modes.
MODE_COOL: Final = "cool"
MODE_HEAT: Final = "heat"
MODE_DRY: Final = "dry"
MODE_FAN_ONLY: Final = "fan_only"
MODE_AUTO: Final = "auto"
FAN_AUTO: Final = "auto"


class Kind(StrEnum):
    """What sort of value a capability holds; decoding checks a device's value against it."""

    FLAG = "flag"  # on or off: a bool (MIoT, also 0/1), or "on"/"off" (legacy)
    NUMBER = "number"  # a finite number within the field's bounds
    CHOICE = "choice"  # one of the field's ``values``


# What each capability holds when its field does not say: switches are flags, measurements and
# set points numbers within what a unit can physically report (canonical units: degrees Celsius,
# percent, W, kWh). The bounds catch garbage (a 0xFFFF "no sensor" marker, a negative power, a
# string), not a user's choice: the UI range of a target is the description's min/max.
_FLAGS: Final = frozenset(
    {POWER, SWING_VERTICAL, SWING_HORIZONTAL, ECO, SLEEP, TURBO, AUX_HEAT, DRYER, BUZZER, LIGHT}
)
_BOUNDS: Final[Mapping[str, tuple[float, float]]] = MappingProxyType(
    {
        TARGET_TEMPERATURE: (5.0, 40.0),
        CURRENT_TEMPERATURE: (-40.0, 85.0),
        OUTDOOR_TEMPERATURE: (-50.0, 70.0),
        CURRENT_HUMIDITY: (0.0, 100.0),
        TARGET_HUMIDITY: (0.0, 100.0),
        OUTDOOR_HUMIDITY: (0.0, 100.0),
        POWER_CONSUMPTION: (0.0, 30_000.0),
        ENERGY: (0.0, 10_000_000.0),
    }
)


# No device value is this large; beyond it an integer does not fit a float exactly (or at all)
_LARGEST_EXACT: Final = 2**53


def _same(wire: Any, value: Any) -> bool:
    """Compare a wire value with a known one without taking True for 1 (or 1 for True)."""
    return isinstance(wire, bool) == isinstance(value, bool) and bool(wire == value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """How one capability is carried on the wire, and what values it may hold.

    ``values`` maps canonical values to wire values (enumerations); ``scale`` multiplies numbers
    on the way to the device (10 for tenths of a degree); ``on_off`` carries booleans as the
    strings "on"/"off"; ``whole`` marks a number the device takes as an integer (the target of a
    whole-degree model: 24.0 goes out as 24); ``setter`` is the legacy method that writes the
    field. ``kind`` with ``minimum``/``maximum`` (canonical units) says what a value from the
    device may be; a description fills them in from the capability where a field leaves them out.
    """

    miot: tuple[int, int] | None = None
    legacy: str | None = None
    setter: str | None = None
    values: Mapping[Any, Any] | None = None
    scale: float = 1.0
    on_off: bool = False
    whole: bool = False
    writable: bool = True
    optional: bool = False  # present on some models of the family only: probed at setup
    kind: Kind | None = None
    minimum: float | None = None
    maximum: float | None = None

    def encode(self, value: Any, *, legacy: bool = False) -> Any:
        """Turn a canonical value into the wire value (over legacy miIO when ``legacy``)."""
        if self.values is not None:
            return self.values[value]
        if self.on_off:
            return "on" if value else "off"
        if self.kind is Kind.FLAG:
            # MIoT carries booleans; legacy setters without on/off take 0/1
            return int(bool(value)) if legacy else bool(value)
        if self.scale != 1.0:
            scaled = value * self.scale
            return round(scaled) if float(scaled).is_integer() else scaled
        if self.whole and isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def decode(self, wire: Any) -> Any:
        """Turn a wire value into the canonical value.

        Raises ``DeviceValueError`` for a value the field does not allow: another type, a number
        out of bounds or not finite, a choice the field does not know.
        """
        if self.values is not None:
            for key, value in self.values.items():
                if _same(wire, value):
                    return key
            raise DeviceValueError(f"{short_repr(wire)} is none of {list(self.values.values())}")
        if self.kind is Kind.FLAG or self.on_off:
            return self._decode_flag(wire)
        if self.kind is Kind.NUMBER or self.scale != 1.0:
            return self._decode_number(wire)
        return wire

    def _decode_flag(self, wire: Any) -> bool:
        if isinstance(wire, bool):
            return wire
        if self.on_off and wire in ("on", "off"):
            return bool(wire == "on")
        if isinstance(wire, int) and wire in (0, 1):
            return bool(wire)
        raise DeviceValueError(f"{short_repr(wire)} is not on or off")

    def _decode_number(self, wire: Any) -> float:
        if not isinstance(wire, int | float) or isinstance(wire, bool):
            raise DeviceValueError(f"{short_repr(wire)} is not a finite number")
        if (isinstance(wire, float) and not math.isfinite(wire)) or (
            isinstance(wire, int) and abs(wire) > _LARGEST_EXACT
        ):
            raise DeviceValueError(f"{short_repr(wire)} is not a finite number")
        # Bounds are compared on the wire scale first, so a huge integer never meets a float
        low = -math.inf if self.minimum is None else self.minimum * self.scale
        high = math.inf if self.maximum is None else self.maximum * self.scale
        if not low <= wire <= high:
            raise DeviceValueError(f"{short_repr(wire)} is outside {low:g} to {high:g} on the wire")
        return wire / self.scale if self.scale != 1.0 else wire


def _complete(key: str, field: Field) -> Field:
    """Fill in the kind and bounds a field leaves to its capability."""
    if field.kind is not None:
        return field
    if field.values is not None:
        return replace(field, kind=Kind.CHOICE)
    if field.on_off or key in _FLAGS:
        return replace(field, kind=Kind.FLAG)
    if key in _BOUNDS:
        low, high = _BOUNDS[key]
        return replace(
            field,
            kind=Kind.NUMBER,
            minimum=low if field.minimum is None else field.minimum,
            maximum=high if field.maximum is None else field.maximum,
        )
    raise ValueError(f"capability {key!r} needs a kind")


def _positions(count: int) -> dict[str, int]:
    """Name fixed vane positions 1..count position_1.."""
    return {f"position_{n}": n for n in range(1, count + 1)}


def _levels(count: int, *, auto: Any = 0) -> dict[str, Any]:
    """Fan levels 1..count as level_1.., plus auto."""
    levels: dict[str, Any] = {FAN_AUTO: auto}
    levels.update({f"level_{n}": n for n in range(1, count + 1)})
    return levels


@dataclass(frozen=True, slots=True, kw_only=True)
class AirConditionerDescription:
    """What one AC family offers and how to reach it."""

    key: str
    # The plain name shown as the device's model; the model id (miIO model) and the key tell
    # the technical family.
    name: str
    models: Mapping[str, Confidence]
    transport: Transport
    fields: Mapping[str, Field]
    min_temperature: float = 16.0
    max_temperature: float = 31.0
    temperature_step: float = 0.5
    chunk_size: int = 15
    # The protocol a unit of the family may answer instead of ``transport``: the client asks
    # at setup which one the unit speaks, and asks again when it stops answering that one.
    fallback: Transport | None = None
    # The MIoT spec (name:version) each model's values are read against, where it is pinned
    miot_specs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Properties units of the family have that we leave alone: MIoT (siid, piid) or legacy names
    unused: frozenset[tuple[int, int] | str] = frozenset()

    def __post_init__(self) -> None:
        """Give every field the kind and bounds of its capability, where it does not say."""
        fields = {key: _complete(key, field) for key, field in self.fields.items()}
        object.__setattr__(self, "fields", MappingProxyType(fields))

    @property
    def hvac_modes(self) -> tuple[str, ...]:
        """The canonical HVAC modes the family offers (without off)."""
        mode = self.fields.get(MODE)
        return tuple(mode.values) if mode and mode.values else ()

    @property
    def fan_modes(self) -> tuple[str, ...]:
        """The canonical fan modes the family offers."""
        fan = self.fields.get(FAN_MODE)
        return tuple(fan.values) if fan and fan.values else ()


_MC_MODES: Final = {MODE_COOL: 2, MODE_DRY: 3, MODE_FAN_ONLY: 4, MODE_HEAT: 5}

MIOT_MC: Final = AirConditionerDescription(
    key="mc",
    name="Mijia Air Conditioner",
    models=MappingProxyType(
        {
            "xiaomi.aircondition.mc1": Confidence.REPORTED,
            "xiaomi.aircondition.mc2": Confidence.REPORTED,
            "xiaomi.aircondition.mc4": Confidence.REPORTED,
            "xiaomi.aircondition.mc5": Confidence.REPORTED,
            **dict.fromkeys(
                (
                    "xiaomi.aircondition.mc6",
                    "xiaomi.aircondition.mc7",
                    "xiaomi.aircondition.mc8",
                    "xiaomi.aircondition.mc9",
                    "xiaomi.aircondition.mh1",
                    "xiaomi.aircondition.mh2",
                    "xiaomi.aircondition.mh3",
                    "xiaomi.aircondition.m4",
                    "xiaomi.aircondition.m9",
                ),
                Confidence.LIKELY,
            ),
            **dict.fromkeys(
                (
                    *(f"xiaomi.aircondition.mt{n}" for n in range(10)),
                    "xiaomi.aircondition.c10",
                    "xiaomi.aircondition.c11",
                    "xiaomi.aircondition.c12",
                    "xiaomi.aircondition.c13",
                    "xiaomi.aircondition.c16",
                    "xiaomi.aircondition.c17",
                    "xiaomi.aircondition.c18",
                    "xiaomi.aircondition.c20",
                ),
                Confidence.UNVERIFIED,
            ),
        }
    ),
    transport=Transport.MIOT,
    fields=MappingProxyType(
        {
            POWER: Field(miot=(2, 1)),
            MODE: Field(miot=(2, 2), values=_MC_MODES),
            TARGET_TEMPERATURE: Field(miot=(2, 4)),
            ECO: Field(miot=(2, 7), optional=True),
            AUX_HEAT: Field(miot=(2, 9), optional=True),
            DRYER: Field(miot=(2, 10), optional=True),
            SLEEP: Field(miot=(2, 11), optional=True),
            TARGET_HUMIDITY: Field(miot=(2, 14), optional=True),
            FAN_MODE: Field(miot=(3, 2), values=_levels(7)),
            SWING_HORIZONTAL: Field(miot=(3, 3), optional=True),
            SWING_VERTICAL: Field(miot=(3, 4), optional=True),
            # Angle properties follow the order of 3.3/3.4 (unverified: no unit at hand has them)
            VANE_HORIZONTAL: Field(miot=(3, 5), values=_positions(5), optional=True),
            VANE_VERTICAL: Field(miot=(3, 6), values=_positions(5), optional=True),
            CURRENT_TEMPERATURE: Field(miot=(4, 7), writable=False, optional=True),
            CURRENT_HUMIDITY: Field(miot=(4, 9), writable=False, optional=True),
            BUZZER: Field(miot=(5, 1), optional=True),
            LIGHT: Field(miot=(6, 1), optional=True),
            ENERGY: Field(miot=(8, 1), writable=False, optional=True),
            POWER_CONSUMPTION: Field(miot=(20, 1), writable=False, optional=True),
        }
    ),
    # Maintenance (9.1 filter, 9.5 running time) and enhance (10.1 fan percent, 10.3 timer)
    unused=frozenset({(9, 1), (9, 5), (10, 1), (10, 3)}),
)

_MA_MODES: Final = {MODE_COOL: 2, MODE_DRY: 3, MODE_FAN_ONLY: 4, MODE_HEAT: 5}

MIOT_MA: Final = AirConditionerDescription(
    key="ma",
    name="Mijia Air Conditioner",
    models=MappingProxyType(
        {
            "xiaomi.aircondition.ma4": Confidence.REPORTED,
            **dict.fromkeys(
                (
                    "xiaomi.aircondition.ma1",
                    "xiaomi.aircondition.ma2",
                    "xiaomi.aircondition.ma5",
                    "xiaomi.aircondition.ma6",
                    "xiaomi.aircondition.ma9",
                ),
                Confidence.LIKELY,
            ),
        }
    ),
    transport=Transport.MIOT,
    fields=MappingProxyType(
        {
            # Legacy names and setters of hass-xiaomi-miot's miIO bridge (docs/air-conditioners.md);
            # legacy values are the pinned MIoT spec's, booleans travel as 0/1 there.
            POWER: Field(miot=(2, 1), legacy="power", setter="set_power"),
            MODE: Field(miot=(2, 2), legacy="mode", setter="set_mode", values=_MA_MODES),
            TARGET_TEMPERATURE: Field(miot=(2, 3), legacy="settemp", setter="set_temp"),
            ECO: Field(miot=(2, 4), legacy="energysave", setter="set_energysave", optional=True),
            AUX_HEAT: Field(miot=(2, 5), legacy="auxheat", setter="set_auxheat", optional=True),
            SLEEP: Field(miot=(2, 6), legacy="sleep", setter="set_sleep", optional=True),
            DRYER: Field(miot=(2, 7), legacy="dry", setter="set_dry", optional=True),
            FAN_MODE: Field(
                miot=(3, 1), legacy="wind_level", setter="set_wind_level", values=_levels(5)
            ),
            SWING_VERTICAL: Field(miot=(3, 2), legacy="swing", setter="set_swing", optional=True),
            # ma4/ma5 only (ma2 has none): probed
            SWING_HORIZONTAL: Field(
                miot=(3, 3), legacy="swingh", setter="set_swingh", optional=True
            ),
            CURRENT_TEMPERATURE: Field(
                miot=(4, 1), legacy="temperature", writable=False, optional=True
            ),
            BUZZER: Field(miot=(5, 1), legacy="beep", setter="set_beep", optional=True),
            LIGHT: Field(miot=(6, 1), legacy="light", setter="set_light", optional=True),
        }
    ),
    # The sources disagree on the local protocol: a unit is asked at setup (MIoT first)
    fallback=Transport.LEGACY,
    miot_specs=MappingProxyType(
        {
            "xiaomi.aircondition.ma1": "xiaomi-ma1:4",
            "xiaomi.aircondition.ma2": "xiaomi-ma2:3",
            "xiaomi.aircondition.ma4": "xiaomi-ma4:2",
        }
    ),
    # Both protocols take one property per request on these units
    chunk_size=1,
)

_ZHIMI_MODES: Final = {MODE_AUTO: 0, MODE_COOL: 1, MODE_DRY: 2, MODE_HEAT: 3, MODE_FAN_ONLY: 4}

LEGACY_ZHIMI: Final = AirConditionerDescription(
    key="zhimi",
    name="Zhimi Air Conditioner",
    models=MappingProxyType(
        {
            "zhimi.aircondition.v1": Confidence.REPORTED,
            **dict.fromkeys(
                (
                    "zhimi.aircondition.v2",
                    "zhimi.aircondition.ma1",
                    "zhimi.aircondition.ma2",
                    "zhimi.aircondition.ma3",
                    "zhimi.aircondition.ma4",
                    "zhimi.aircondition.za1",
                ),
                Confidence.LIKELY,
            ),
        }
    ),
    transport=Transport.LEGACY,
    fields=MappingProxyType(
        {
            POWER: Field(legacy="power", setter="set_power", on_off=True),
            MODE: Field(legacy="mode", setter="set_mode", values=_ZHIMI_MODES),
            TARGET_TEMPERATURE: Field(legacy="st_temp_dec", setter="set_temp", scale=10),
            FAN_MODE: Field(legacy="speed_level", setter="set_spd_level", values=_levels(5)),
            SWING_VERTICAL: Field(legacy="vertical_swing", setter="set_vertical", on_off=True),
            SWING_HORIZONTAL: Field(
                legacy="horizon_swing", setter="set_horizon", on_off=True, optional=True
            ),
            CURRENT_TEMPERATURE: Field(legacy="temp_dec", scale=10, writable=False),
            CURRENT_HUMIDITY: Field(legacy="humidity", writable=False, optional=True),
            OUTDOOR_TEMPERATURE: Field(
                legacy="ot_temp_dec", scale=10, writable=False, optional=True
            ),
            OUTDOOR_HUMIDITY: Field(legacy="ot_humidity", writable=False, optional=True),
        }
    ),
)

LEGACY_ACPARTNER_MCN02: Final = AirConditionerDescription(
    key="acpartner_mcn02",
    name="Mijia AC Companion 2",
    models=MappingProxyType({"lumi.acpartner.mcn02": Confidence.REPORTED}),
    transport=Transport.LEGACY,
    fields=MappingProxyType(
        {
            POWER: Field(legacy="power", setter="set_power", on_off=True),
            MODE: Field(
                legacy="mode",
                setter="set_mode",
                values={
                    MODE_COOL: "cool",
                    MODE_HEAT: "heat",
                    MODE_DRY: "dry",
                    MODE_FAN_ONLY: "wind",
                    MODE_AUTO: "auto",
                },
            ),
            TARGET_TEMPERATURE: Field(legacy="tar_temp", setter="set_tar_temp", whole=True),
            FAN_MODE: Field(
                legacy="fan_level",
                setter="set_fan_level",
                values={
                    FAN_AUTO: "auto_fan",
                    "low": "small_fan",
                    "medium": "medium_fan",
                    "high": "large_fan",
                },
            ),
            SWING_VERTICAL: Field(legacy="ver_swing", setter="set_ver_swing", on_off=True),
            POWER_CONSUMPTION: Field(legacy="load_power", writable=False),
        }
    ),
    max_temperature=30.0,
    temperature_step=1.0,
)

ACPARTNER_V: Final = AirConditionerDescription(
    key="acpartner_v",
    name="Mijia/Aqara AC Companion",
    models=MappingProxyType(
        {
            # python-miio's state decoder documents answers captured from a v2
            "lumi.acpartner.v2": Confidence.REPORTED,
            # same get_model_and_state / send_cmd API in python-miio and the community component
            "lumi.acpartner.v1": Confidence.LIKELY,
            "lumi.acpartner.v3": Confidence.LIKELY,
        }
    ),
    transport=Transport.ACPARTNER_STATE,
    fields=MappingProxyType(
        {
            POWER: Field(),
            MODE: Field(
                values={MODE_COOL: 1, MODE_HEAT: 0, MODE_DRY: 3, MODE_FAN_ONLY: 4, MODE_AUTO: 2}
            ),
            TARGET_TEMPERATURE: Field(whole=True),
            FAN_MODE: Field(values={FAN_AUTO: 3, "low": 0, "medium": 1, "high": 2}),
            SWING_VERTICAL: Field(),
            POWER_CONSUMPTION: Field(writable=False),
        }
    ),
    min_temperature=16.0,
    max_temperature=30.0,
    temperature_step=1.0,
)

AIR_CONDITIONERS: Final = (MIOT_MC, MIOT_MA, LEGACY_ZHIMI, LEGACY_ACPARTNER_MCN02, ACPARTNER_V)


# Known per-model deviations from the family description. Each entry replaces fields (or
# description attributes) for that model only; keep the reason next to it.
MODEL_OVERRIDES: Final[Mapping[str, Mapping[str, Any]]] = MappingProxyType(
    {
        # ma4's spec revision numbers modes 1 cool, 2 dry, 3 fan, 4 heat: sending the family's
        # values makes "cool" land on "dry", the bug users report in other integrations.
        "xiaomi.aircondition.ma4": {
            "fields": {
                MODE: Field(
                    miot=(2, 2),
                    legacy="mode",
                    setter="set_mode",
                    values={MODE_COOL: 1, MODE_DRY: 2, MODE_FAN_ONLY: 3, MODE_HEAT: 4},
                )
            },
        },
    }
)


def air_conditioner_description(model: str) -> AirConditionerDescription | None:
    """Return the description for a model, with its overrides applied, or None if unknown."""
    model = model.lower()
    for description in AIR_CONDITIONERS:
        if model in description.models:
            override = MODEL_OVERRIDES.get(model)
            if not override:
                return description
            fields = {**description.fields, **override.get("fields", {})}
            extra = {key: value for key, value in override.items() if key != "fields"}
            return replace(description, fields=MappingProxyType(fields), **extra)
    return None
