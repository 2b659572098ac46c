"""Air conditioner descriptions as data: which property means what on which model.

A description maps our canonical capabilities (``power``, ``mode``, ``target_temperature``,
``fan_mode`` ...) to a model family's wire format: MIoT (siid, piid) or a legacy ``get_prop`` name
with its setter method, plus value maps and scales. Canonical values are plain Python values; the
mode and fan names match Home Assistant's strings, without importing Home Assistant.

Adding a model is adding a description (or a model id to one) and, where a model deviates from its
family, a line in ``MODEL_OVERRIDES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """How one capability is carried on the wire.

    ``values`` maps canonical values to wire values (enumerations); ``scale`` multiplies numbers
    on the way to the device (10 for tenths of a degree); ``on_off`` carries booleans as the
    strings "on"/"off"; ``whole`` marks a number the device takes as an integer (the target of a
    whole-degree model: 24.0 goes out as 24); ``setter`` is the legacy method that writes the
    field.
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

    def encode(self, value: Any) -> Any:
        """Turn a canonical value into the wire value."""
        if self.values is not None:
            return self.values[value]
        if self.on_off:
            return "on" if value else "off"
        if self.scale != 1.0:
            scaled = value * self.scale
            return round(scaled) if float(scaled).is_integer() else scaled
        if self.whole and isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def decode(self, wire: Any) -> Any:
        """Turn a wire value into the canonical value (None for values we do not know)."""
        if self.values is not None:
            return next((key for key, value in self.values.items() if value == wire), None)
        if self.on_off:
            return wire == "on" if isinstance(wire, str) else bool(wire)
        if self.scale != 1.0 and isinstance(wire, int | float) and not isinstance(wire, bool):
            return wire / self.scale
        return wire


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
    name: str
    models: Mapping[str, Confidence]
    transport: Transport
    fields: Mapping[str, Field]
    min_temperature: float = 16.0
    max_temperature: float = 31.0
    temperature_step: float = 0.5
    chunk_size: int = 15

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
    name="Mijia Air Conditioner (MIoT, mc numbering)",
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
)

_MA_MODES: Final = {MODE_COOL: 2, MODE_DRY: 3, MODE_FAN_ONLY: 4, MODE_HEAT: 5}

MIOT_MA: Final = AirConditionerDescription(
    key="ma",
    name="Mijia Air Conditioner (MIoT, ma numbering)",
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
            POWER: Field(miot=(2, 1)),
            MODE: Field(miot=(2, 2), values=_MA_MODES),
            TARGET_TEMPERATURE: Field(miot=(2, 3)),
            ECO: Field(miot=(2, 4), optional=True),
            AUX_HEAT: Field(miot=(2, 5), optional=True),
            SLEEP: Field(miot=(2, 6), optional=True),
            DRYER: Field(miot=(2, 7), optional=True),
            FAN_MODE: Field(miot=(3, 1), values=_levels(5)),
            SWING_VERTICAL: Field(miot=(3, 2), optional=True),
            CURRENT_TEMPERATURE: Field(miot=(4, 1), writable=False, optional=True),
        }
    ),
    # Older firmware takes one property per request
    chunk_size=1,
)

_ZHIMI_MODES: Final = {MODE_AUTO: 0, MODE_COOL: 1, MODE_DRY: 2, MODE_HEAT: 3, MODE_FAN_ONLY: 4}

LEGACY_ZHIMI: Final = AirConditionerDescription(
    key="zhimi",
    name="Zhimi Air Conditioner (legacy miIO)",
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
    name="Mijia AC Companion (mcn02)",
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
    name="Mijia/Aqara AC Companion (v1/v2/v3)",
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
