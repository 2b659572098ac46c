"""Simulated device models as data: which properties a model has, how they are numbered and checked.

A profile describes what one model speaks over miIO: its MIoT properties (siid/piid with type,
range, step and value list), MIoT actions, legacy ``get_prop`` names and legacy setter methods,
how many properties one request may carry, and which error it answers when a request carries more.
The device keeps its state in a mapping keyed by ``key``; MIoT properties and legacy names are
views onto those keys, so a model that speaks both (ma4) shows one consistent state through both.

Values come from docs/air-conditioners.md and docs/tv.md#miot-properties. Where the public facts
are silent the choice is ours and is marked "simulator choice" so that nobody mistakes it for a
measured fact.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Final, Literal

ValueKind = Literal["bool", "int", "float", "str"]
Access = Literal["r", "w", "rw"]
Family = Literal["air_conditioner", "tv"]

# MIoT per-property result codes (the "code" of each get/set/action result item).
CODE_OK: Final = 0
CODE_NOT_READABLE: Final = -4001  # also what devices answer for a property they do not have
CODE_NOT_WRITABLE: Final = -4002
CODE_NOT_FOUND: Final = -4003  # set or action on something the model does not have
CODE_INTERNAL_ERROR: Final = -4004  # also: "cannot do that now", a refusal by state
CODE_VALUE_ERROR: Final = -4005

# Request-level error codes.
ERROR_METHOD_NOT_FOUND: Final = -10000
ERROR_INVALID_ARG: Final = -5001
ERROR_INVALID_JSON: Final = -30001
ERROR_USER_ACK_TIMEOUT: Final = -9999
ERROR_GENERAL: Final = -5000  # legacy units' refusal of a write in the current state


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueSpec:
    """The values a property accepts: a type, and a range (min, max, step) or a value list."""

    kind: ValueKind
    value_range: tuple[float, float, float] | None = None
    values: tuple[Any, ...] | None = None

    def accepts(self, value: Any) -> bool:
        """Tell whether a written value is valid for this property."""
        if not self._has_kind(value):
            return False
        if self.values is not None:
            return value in self.values
        if self.value_range is not None:
            low, high, step = self.value_range
            if not low <= value <= high:
                return False
            steps = (value - low) / step
            return math.isclose(steps, round(steps), abs_tol=1e-6)
        return True

    def _has_kind(self, value: Any) -> bool:
        match self.kind:
            case "bool":
                return isinstance(value, bool)
            case "int":
                return isinstance(value, int) and not isinstance(value, bool)
            case "float":
                return isinstance(value, int | float) and not isinstance(value, bool)
            case "str":
                return isinstance(value, str)


BOOL: Final = ValueSpec(kind="bool")
ON_OFF: Final = ValueSpec(kind="str", values=("on", "off"))


@dataclass(frozen=True, slots=True, kw_only=True)
class MiotProperty:
    """One MIoT property: its address, the state key behind it, its value spec and access."""

    siid: int
    piid: int
    key: str
    spec: ValueSpec
    access: Access = "rw"

    @property
    def readable(self) -> bool:
        """Whether get_properties may read it."""
        return "r" in self.access

    @property
    def writable(self) -> bool:
        """Whether set_properties may write it."""
        return "w" in self.access


@dataclass(frozen=True, slots=True, kw_only=True)
class MiotAction:
    """One MIoT action without inputs: calling it writes fixed values into the state."""

    siid: int
    aiid: int
    name: str
    writes: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Codec:
    """Translate between a legacy wire value and the stored value (identity for legacy models)."""

    to_wire: Callable[[Any], Any]
    from_wire: Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


IDENTITY: Final = Codec(_identity, _identity)
BOOL_AS_ON_OFF: Final = Codec(lambda stored: "on" if stored else "off", lambda wire: wire == "on")


def mapping_codec(stored_to_wire: Mapping[Any, Any]) -> Codec:
    """Make a codec for an enumeration whose values differ between the legacy and MIoT sides."""
    wire_to_stored = {wire: stored for stored, wire in stored_to_wire.items()}
    return Codec(stored_to_wire.__getitem__, wire_to_stored.__getitem__)


@dataclass(frozen=True, slots=True, kw_only=True)
class LegacyProperty:
    """One name that ``get_prop`` answers; ``spec`` checks values that a legacy setter writes."""

    name: str
    key: str
    spec: ValueSpec
    codec: Codec = IDENTITY


@dataclass(frozen=True, slots=True)
class LegacySetter:
    """A legacy method (``set_power`` ...) writing one legacy property from its one parameter."""

    method: str
    prop: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ClimateModel:
    """Which state keys the optional room physics reads and writes (see ``climate.py``)."""

    power_key: str
    on_value: Any
    mode_key: str
    cooling: tuple[Any, ...]
    heating: tuple[Any, ...]
    drying: tuple[Any, ...]
    target_key: str
    scale: float = 1.0  # stored value = degC x scale (10 for models that count in tenths)
    room_key: str | None = None
    load_power_key: str | None = None  # W
    energy_key: str | None = None  # kWh


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """A write the unit refuses in some states (docs/air-conditioners.md#refusals-and-quirks).

    ``keys`` are the state keys whose writes are refused while ``when(state, value)`` holds (the
    value as stored, after the legacy codec); a refused
    MIoT write gets ``code`` in its result item, a legacy setter the error ``legacy_code``. Items
    of one request are handled in order: power written first makes a later mode acceptable.
    """

    keys: frozenset[str]
    when: Callable[[Mapping[str, Any], Any], bool]  # (state, value written)
    code: int = CODE_INTERNAL_ERROR
    legacy_code: int = ERROR_GENERAL
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """Everything the simulator needs to impersonate one model."""

    model: str
    family: Family
    fw_ver: str
    hw_ver: str
    defaults: Mapping[str, Any] = field(default_factory=dict)
    miot: tuple[MiotProperty, ...] = ()
    actions: tuple[MiotAction, ...] = ()
    legacy: tuple[LegacyProperty, ...] = ()
    setters: tuple[LegacySetter, ...] = ()
    max_properties: int = 16
    # What a request with more than max_properties properties gets (a simulator choice).
    chunk_error: tuple[int, str] = (ERROR_INVALID_ARG, "invalid_arg")
    climate: ClimateModel | None = None
    refusals: tuple[Refusal, ...] = ()

    def refusal(self, key: str, state: Mapping[str, Any], value: Any) -> Refusal | None:
        """Return the refusal a write of ``value`` to ``key`` meets in this state, if any."""
        return next((r for r in self.refusals if key in r.keys and r.when(state, value)), None)

    def miot_property(self, siid: int, piid: int) -> MiotProperty | None:
        """Look up a MIoT property by its address."""
        return next((p for p in self.miot if (p.siid, p.piid) == (siid, piid)), None)

    def miot_action(self, siid: int, aiid: int) -> MiotAction | None:
        """Look up a MIoT action by its address."""
        return next((a for a in self.actions if (a.siid, a.aiid) == (siid, aiid)), None)

    def legacy_property(self, name: str) -> LegacyProperty | None:
        """Look up a legacy property by its ``get_prop`` name."""
        return next((p for p in self.legacy if p.name == name), None)


def _float_range(low: float, high: float, step: float) -> ValueSpec:
    return ValueSpec(kind="float", value_range=(low, high, step))


def _int_range(low: int, high: int, step: int = 1) -> ValueSpec:
    return ValueSpec(kind="int", value_range=(low, high, step))


def _read_only(siid: int, piid: int, key: str, kind: ValueKind) -> MiotProperty:
    return MiotProperty(siid=siid, piid=piid, key=key, spec=ValueSpec(kind=kind), access="r")


# xiaomi.aircondition.mc4: the numbering of docs/air-conditioners.md#mc-family, plus the
# maintenance and enhance services (9.x, 10.x) that python-miio's AirConditionerMiot also reads.
MC4: Final = Profile(
    model="xiaomi.aircondition.mc4",
    family="air_conditioner",
    fw_ver="2.0.7_0011",
    hw_ver="esp32",
    defaults={
        "power": False,
        "mode": 2,
        "target_temperature": 26.0,
        "eco": False,
        "heater": False,
        "dryer": True,
        "sleep_mode": False,
        "fan_level": 0,
        "vertical_swing": False,
        "room_temperature": 28.0,
        "buzzer": True,
        "led": True,
        "electricity": 12.5,
        "clean": "0,100,0,1",
        "running_duration": 151.0,
        "fan_percent": 101,
        "timer": "0,0,0,0",
    },
    miot=(
        MiotProperty(siid=2, piid=1, key="power", spec=BOOL),
        MiotProperty(siid=2, piid=2, key="mode", spec=ValueSpec(kind="int", values=(2, 3, 4, 5))),
        MiotProperty(siid=2, piid=4, key="target_temperature", spec=_float_range(16.0, 31.0, 0.5)),
        MiotProperty(siid=2, piid=7, key="eco", spec=BOOL),
        MiotProperty(siid=2, piid=9, key="heater", spec=BOOL),
        MiotProperty(siid=2, piid=10, key="dryer", spec=BOOL),
        MiotProperty(siid=2, piid=11, key="sleep_mode", spec=BOOL),
        MiotProperty(siid=3, piid=2, key="fan_level", spec=_int_range(0, 7)),
        MiotProperty(siid=3, piid=4, key="vertical_swing", spec=BOOL),
        _read_only(4, 7, "room_temperature", "float"),
        MiotProperty(siid=5, piid=1, key="buzzer", spec=BOOL),
        MiotProperty(siid=6, piid=1, key="led", spec=BOOL),
        _read_only(8, 1, "electricity", "float"),
        _read_only(9, 1, "clean", "str"),
        _read_only(9, 5, "running_duration", "float"),
        MiotProperty(siid=10, piid=1, key="fan_percent", spec=_int_range(1, 101)),
        _read_only(10, 3, "timer", "str"),
    ),
    max_properties=16,
    climate=ClimateModel(
        power_key="power",
        on_value=True,
        mode_key="mode",
        cooling=(2,),
        heating=(5,),
        drying=(3,),
        target_key="target_temperature",
        room_key="room_temperature",
        energy_key="electricity",
    ),
    refusals=(
        Refusal(
            keys=frozenset({"dryer"}),
            when=lambda state, value: bool(value) and state["mode"] not in (2, 3),
            reason="the anti-mould dryer works in cool or dry mode only",
        ),
    ),
)

# The same unit on firmware that refuses mode and fan writes while it is off (docs, refusals)
MC4_STRICT: Final = replace(
    MC4,
    refusals=(
        *MC4.refusals,
        Refusal(
            keys=frozenset({"mode", "fan_level"}),
            when=lambda state, _value: not state["power"],
            reason="mode and fan speed only while on",
        ),
    ),
)

# xiaomi.aircondition.ma4: spec xiaomi-ma4:2, one property per request. It answers MIoT and the
# legacy names of hass-xiaomi-miot's miIO bridge (docs/air-conditioners.md#ma-family) over one
# state: legacy values are the spec's (modes 1 cool, 2 dry, 3 fan, 4 heat), booleans are 0/1 there.
# MA4_LEGACY below is the same unit on firmware that speaks only legacy miIO.
_MA4_MODES: Final = (1, 2, 3, 4)
BOOL_AS_INT: Final = Codec(lambda stored: int(bool(stored)), bool)
_INT_FLAG: Final = ValueSpec(kind="int", values=(0, 1))


def _legacy_flag(name: str, key: str) -> LegacyProperty:
    return LegacyProperty(name=name, key=key, spec=_INT_FLAG, codec=BOOL_AS_INT)


MA4: Final = Profile(
    model="xiaomi.aircondition.ma4",
    family="air_conditioner",
    fw_ver="1.4.3_0057",
    hw_ver="esp8266",
    defaults={
        "power": False,
        "mode": 1,
        "target_temperature": 26.0,
        "eco": False,
        "heater": False,
        "sleep_mode": False,
        "dryer": False,
        "fan_level": 0,
        "vertical_swing": False,
        "horizontal_swing": False,
        "room_temperature": 27.5,
        "buzzer": True,
        "led": True,
    },
    miot=(
        MiotProperty(siid=2, piid=1, key="power", spec=BOOL),
        MiotProperty(siid=2, piid=2, key="mode", spec=ValueSpec(kind="int", values=_MA4_MODES)),
        MiotProperty(siid=2, piid=3, key="target_temperature", spec=_float_range(16.0, 31.0, 0.5)),
        MiotProperty(siid=2, piid=4, key="eco", spec=BOOL),
        MiotProperty(siid=2, piid=5, key="heater", spec=BOOL),
        MiotProperty(siid=2, piid=6, key="sleep_mode", spec=BOOL),
        MiotProperty(siid=2, piid=7, key="dryer", spec=BOOL),
        MiotProperty(siid=3, piid=1, key="fan_level", spec=_int_range(0, 5)),
        MiotProperty(siid=3, piid=2, key="vertical_swing", spec=BOOL),
        MiotProperty(siid=3, piid=3, key="horizontal_swing", spec=BOOL),
        _read_only(4, 1, "room_temperature", "float"),
        MiotProperty(siid=5, piid=1, key="buzzer", spec=BOOL),
        MiotProperty(siid=6, piid=1, key="led", spec=BOOL),
    ),
    legacy=(
        _legacy_flag("power", "power"),
        LegacyProperty(name="mode", key="mode", spec=ValueSpec(kind="int", values=_MA4_MODES)),
        LegacyProperty(name="settemp", key="target_temperature", spec=_float_range(16, 31, 0.5)),
        _legacy_flag("energysave", "eco"),
        _legacy_flag("auxheat", "heater"),
        _legacy_flag("sleep", "sleep_mode"),
        _legacy_flag("dry", "dryer"),
        LegacyProperty(name="wind_level", key="fan_level", spec=_int_range(0, 5)),
        _legacy_flag("swing", "vertical_swing"),
        _legacy_flag("swingh", "horizontal_swing"),
        LegacyProperty(name="temperature", key="room_temperature", spec=ValueSpec(kind="float")),
        _legacy_flag("beep", "buzzer"),
        _legacy_flag("light", "led"),
    ),
    setters=(
        LegacySetter("set_power", "power"),
        LegacySetter("set_mode", "mode"),
        LegacySetter("set_temp", "settemp"),
        LegacySetter("set_energysave", "energysave"),
        LegacySetter("set_auxheat", "auxheat"),
        LegacySetter("set_sleep", "sleep"),
        LegacySetter("set_dry", "dry"),
        LegacySetter("set_wind_level", "wind_level"),
        LegacySetter("set_swing", "swing"),
        LegacySetter("set_swingh", "swingh"),
        LegacySetter("set_beep", "beep"),
        LegacySetter("set_light", "light"),
    ),
    max_properties=1,
    # Reported in the field for oversized requests: the device gives up after ~4 s of work.
    chunk_error=(ERROR_USER_ACK_TIMEOUT, "user ack timeout"),
    climate=ClimateModel(
        power_key="power",
        on_value=True,
        mode_key="mode",
        cooling=(1,),
        heating=(4,),
        drying=(2,),
        target_key="target_temperature",
        room_key="room_temperature",
    ),
    refusals=(
        Refusal(
            keys=frozenset({"dryer"}),
            when=lambda state, value: bool(value) and state["mode"] not in (1, 2),
            reason="the anti-mould dryer works in cool or dry mode only",
        ),
    ),
)

# The same unit on firmware without local MIoT: get_properties and set_properties answer -10000.
MA4_LEGACY: Final = replace(MA4, miot=(), actions=())

# zhimi.aircondition.v1: legacy properties only; temperatures in tenths of a degree.
ZHIMI_V1: Final = Profile(
    model="zhimi.aircondition.v1",
    family="air_conditioner",
    fw_ver="1.2.9_0015",
    hw_ver="MW300",
    defaults={
        "power": "off",
        "mode": 1,
        "st_temp_dec": 260,
        "speed_level": 0,
        "vertical_swing": "off",
        "horizon_swing": "off",
        "temp_dec": 281,
        "humidity": 55,
        "ot_temp_dec": 335,
        "ot_humidity": 62,
    },
    legacy=(
        LegacyProperty(name="power", key="power", spec=ON_OFF),
        LegacyProperty(name="mode", key="mode", spec=ValueSpec(kind="int", values=(0, 1, 2, 3, 4))),
        LegacyProperty(name="st_temp_dec", key="st_temp_dec", spec=_int_range(160, 310, 5)),
        LegacyProperty(name="speed_level", key="speed_level", spec=_int_range(0, 5)),
        LegacyProperty(name="vertical_swing", key="vertical_swing", spec=ON_OFF),
        LegacyProperty(name="horizon_swing", key="horizon_swing", spec=ON_OFF),
        LegacyProperty(name="temp_dec", key="temp_dec", spec=ValueSpec(kind="int")),
        LegacyProperty(name="humidity", key="humidity", spec=ValueSpec(kind="int")),
        LegacyProperty(name="ot_temp_dec", key="ot_temp_dec", spec=ValueSpec(kind="int")),
        LegacyProperty(name="ot_humidity", key="ot_humidity", spec=ValueSpec(kind="int")),
    ),
    setters=(
        LegacySetter("set_power", "power"),
        LegacySetter("set_mode", "mode"),
        LegacySetter("set_temp", "st_temp_dec"),
        LegacySetter("set_spd_level", "speed_level"),
        LegacySetter("set_vertical", "vertical_swing"),
        LegacySetter("set_horizon", "horizon_swing"),
    ),
    max_properties=16,
    climate=ClimateModel(
        power_key="power",
        on_value="on",
        mode_key="mode",
        cooling=(1,),
        heating=(3,),
        drying=(2,),
        target_key="st_temp_dec",
        scale=10.0,
        room_key="temp_dec",
    ),
)

# lumi.acpartner.mcn02: legacy properties with the string values python-miio's
# AirConditioningCompanionMcn02 decodes (its status() asks for exactly these six names).
MCN02: Final = Profile(
    model="lumi.acpartner.mcn02",
    family="air_conditioner",
    fw_ver="1.0.3_0011",
    hw_ver="MW300",
    defaults={
        "power": "off",
        "mode": "cool",
        "tar_temp": 26,
        "fan_level": "auto_fan",
        "ver_swing": "off",
        "load_power": 0.0,
    },
    legacy=(
        LegacyProperty(name="power", key="power", spec=ON_OFF),
        LegacyProperty(
            name="mode",
            key="mode",
            spec=ValueSpec(kind="str", values=("cool", "heat", "auto", "wind", "dry")),
        ),
        LegacyProperty(name="tar_temp", key="tar_temp", spec=_int_range(16, 30)),
        LegacyProperty(
            name="fan_level",
            key="fan_level",
            spec=ValueSpec(kind="str", values=("auto_fan", "small_fan", "medium_fan", "large_fan")),
        ),
        LegacyProperty(name="ver_swing", key="ver_swing", spec=ON_OFF),
        LegacyProperty(name="load_power", key="load_power", spec=ValueSpec(kind="float")),
    ),
    setters=(
        LegacySetter("set_power", "power"),
        LegacySetter("set_mode", "mode"),
        LegacySetter("set_tar_temp", "tar_temp"),
        LegacySetter("set_fan_level", "fan_level"),
        LegacySetter("set_ver_swing", "ver_swing"),
    ),
    max_properties=16,
    climate=ClimateModel(
        power_key="power",
        on_value="on",
        mode_key="mode",
        cooling=("cool",),
        heating=("heat",),
        drying=("dry",),
        target_key="tar_temp",
        load_power_key="load_power",
    ),
)

# xiaomi.tv.mitv5proh1: the TV's MIoT side. Its keys are views onto the shared TvState (see tv.py):
# "input" is an index into TvState.inputs, "speaker_mode" is true while the screen is off.
MITV5PROH1: Final = Profile(
    model="xiaomi.tv.mitv5proh1",
    family="tv",
    fw_ver="1.3.106",
    hw_ver="Linux",
    miot=(
        # The value list is checked against the TV's own inputs (TvState.inputs) at write time.
        MiotProperty(siid=2, piid=1, key="input", spec=ValueSpec(kind="int")),
        MiotProperty(siid=4, piid=1, key="volume", spec=_int_range(0, 100)),
        MiotProperty(siid=4, piid=2, key="mute", spec=BOOL),
        MiotProperty(siid=8, piid=1, key="speaker_mode", spec=BOOL),
    ),
    actions=(MiotAction(siid=2, aiid=1, name="turn_off", writes={"power": "off"}),),
    max_properties=16,
)

PROFILES: Final[Mapping[str, Profile]] = MappingProxyType(
    {profile.model: profile for profile in (MC4, MA4, ZHIMI_V1, MCN02, MITV5PROH1)}
)

# Firmware variants of a model, named "<model>:<variant>": the same unit answering otherwise.
VARIANTS: Final[Mapping[str, Profile]] = MappingProxyType(
    {"xiaomi.aircondition.ma4:legacy": MA4_LEGACY, "xiaomi.aircondition.mc4:strict": MC4_STRICT}
)
