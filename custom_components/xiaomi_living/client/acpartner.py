"""Drive the Aqara/Xiaomi AC companions lumi.acpartner.v1/v2/v3 in canonical terms.

These companions do not keep the air conditioner's settings as properties. They answer
``get_model_and_state`` with three strings: the hex code of the AC model they were paired with
(brand and IR remote), a hex state string (power, mode, fan, swing, target temperature, LED) and
the load power in W. They change the AC by infrared: ``send_cmd`` takes one configuration command,
a hex string built from the AC model and the whole desired state, so every write carries every
setting, the unchanged ones read back from the device just before.

python-miio knows both formats: its ``AirConditioningCompanionStatus`` decodes the state and its
``AirConditioningCompanion.send_configuration`` builds the command from per-brand templates. It is
used here only through imports, wrapped in typed functions, and never to send anything: this
driver sends over our own asyncio client. Importing python-miio takes a noticeable fraction of a
second, so this module imports it at load time (Home Assistant loads integration modules in an
executor), never inside a coroutine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from miio.airconditioningcompanion import (
    DEVICE_COMMAND_TEMPLATES,
    MODEL_ACPARTNER_V2,
    POWER_OFF,
    AirConditioningCompanion,
    AirConditioningCompanionStatus,
    FanSpeed,
    Led,
    OperationMode,
    Power,
    SwingMode,
)

from .answers import DroppedValues
from .errors import MalformedReplyError, SettingsWhileOffError, UnknownAcModelError
from .miio_client import MiioClient
from .models.aircondition import (
    FAN_MODE,
    MODE,
    POWER,
    POWER_CONSUMPTION,
    SWING_VERTICAL,
    TARGET_TEMPERATURE,
    AirConditionerDescription,
)

METHOD_GET_STATE: Final = "get_model_and_state"
METHOD_SEND_COMMAND: Final = "send_cmd"

# Smallest AC model code python-miio can work with: it reads brand, remote and state format from
# the first nine bytes.
_MODEL_MIN_BYTES: Final = 9
# Target temperatures travel as exactly two hex digits.
_WIRE_TEMPERATURE_MIN: Final = 0x10
_WIRE_TEMPERATURE_MAX: Final = 0xFF

# Swing codes, by remote: most remotes use 0 on / 1 off, Chigo's use C on / D off.
_SWING_CODES: Final = {
    True: (SwingMode.On.value, SwingMode.ChigoOn.value),
    False: (SwingMode.Off.value, SwingMode.ChigoOff.value),
}
_CHIGO_SWING: Final = frozenset({SwingMode.ChigoOn.value, SwingMode.ChigoOff.value})


# Wire values are python-miio's enum values (OperationMode, FanSpeed); tests check they agree.
@dataclass(frozen=True, slots=True, kw_only=True)
class CompanionState:
    """One ``get_model_and_state`` answer, decoded by python-miio.

    Settings hold python-miio's wire values (``OperationMode``/``FanSpeed`` values, ``SwingMode``
    and ``Led`` codes); None where the state string does not decode.
    """

    ac_model: str
    power: bool | None
    mode: int | None
    fan_speed: int | None
    swing: str | None
    target_temperature: int | None
    led: str | None
    load_power: int | None

    @property
    def model_usable(self) -> bool:
        """Whether a configuration command can be built for the AC model."""
        try:
            return len(bytes.fromhex(self.ac_model)) >= _MODEL_MIN_BYTES
        except ValueError:
            return False


def _attribute(status: AirConditioningCompanionStatus, name: str) -> Any:
    """Read one decoded attribute; None where python-miio cannot decode the state there."""
    try:
        return getattr(status, name)
    except (ValueError, TypeError):
        return None


def decode_state(answer: Any) -> CompanionState:
    """Decode a ``get_model_and_state`` answer; MalformedReplyError if it has the wrong shape."""
    if (
        not isinstance(answer, list)
        or len(answer) < 2
        or not all(isinstance(part, str) for part in answer[:2])
    ):
        raise MalformedReplyError(f"{METHOD_GET_STATE} returned {answer!r}")
    ac_model, state = answer[0], answer[1]
    load = answer[2] if len(answer) > 2 else None
    # python-miio's status class has no annotated constructor
    status = AirConditioningCompanionStatus(  # type: ignore[no-untyped-call]
        {"model_and_state": [ac_model, state, load]}
    )
    power = _attribute(status, "power")
    mode = _attribute(status, "mode")
    fan_speed = _attribute(status, "fan_speed")
    swing = _attribute(status, "swing_mode")
    target = _attribute(status, "target_temperature")
    led = _attribute(status, "led")
    load_power = _attribute(status, "load_power")
    return CompanionState(
        ac_model=ac_model,
        # python-miio reports any digit but 1 as "off"; a non-digit does not decode
        power=None if power is None else power == "on",
        mode=None if mode is None else int(mode.value),
        fan_speed=None if fan_speed is None else int(fan_speed.value),
        swing=None if swing is None else str(swing.value),
        target_temperature=None if target is None else int(target),
        led=None if led is None else (Led.On if led else Led.Off).value,
        load_power=None if load_power is None else int(load_power),
    )


class _CommandBuilder(AirConditioningCompanion):
    """python-miio's companion with sending replaced by returning: it builds, we send."""

    def send_command(self, command: str) -> str:
        """Return the command python-miio built instead of sending it."""
        return command


# No I/O happens here: python-miio's device connects only when it sends, which this one never does.
_BUILDER: Final = _CommandBuilder(model=MODEL_ACPARTNER_V2)


def has_fixed_off_command(ac_model: str) -> bool:
    """Tell whether python-miio sends a fixed "off" code, without the settings, for an AC model."""
    # python-miio keys its templates by the model's format byte and remote id
    template = DEVICE_COMMAND_TEMPLATES.get(ac_model[0:2] + ac_model[8:16], {})
    return POWER_OFF in template


def build_configuration_command(
    ac_model: str,
    *,
    power: bool,
    mode: int,
    target_temperature: int,
    fan_speed: int,
    swing: str,
    led: str,
) -> str:
    """Build the ``send_cmd`` configuration command for an AC model with python-miio.

    Takes python-miio's wire values; raises ValueError for a value python-miio does not know.
    """
    command = _BUILDER.send_configuration(
        ac_model,
        Power.On if power else Power.Off,
        OperationMode(mode),
        target_temperature,
        FanSpeed(fan_speed),
        SwingMode(swing),
        Led(led),
    )
    return str(command)


class AcPartnerClient:
    """One AC companion of the v-series: a miIO client plus the family's description.

    Same interface as ``AirConditionerClient``: every capability travels in every state report,
    so the capabilities are the whole family's and ``probe()`` is a first read.
    """

    def __init__(self, client: MiioClient, description: AirConditionerDescription) -> None:
        """Wrap a connected client."""
        self.client = client
        self.description = description
        self.dropped_values = DroppedValues(client.host)

    @property
    def capabilities(self) -> frozenset[str]:
        """The capabilities this unit has: all of the family's."""
        return frozenset(self.description.fields)

    async def probe(self) -> dict[str, Any]:
        """Read the state once; the state string always carries every capability."""
        return await self.read()

    async def read(self) -> dict[str, Any]:
        """Read the current state as canonical values (None where the state does not decode)."""
        state = await self._read_state()
        fields = self.description.fields
        check = self.dropped_values.check

        def decoded(key: str, wire: Any) -> Any:
            return None if wire is None else check(key, fields[key].decode, wire)

        def number(key: str, wire: int | None) -> float | None:
            value = decoded(key, wire)
            return None if value is None else float(value)

        return {
            POWER: state.power,
            MODE: decoded(MODE, state.mode),
            TARGET_TEMPERATURE: number(TARGET_TEMPERATURE, state.target_temperature),
            FAN_MODE: decoded(FAN_MODE, state.fan_speed),
            SWING_VERTICAL: next(
                (on for on, codes in _SWING_CODES.items() if state.swing in codes), None
            ),
            POWER_CONSUMPTION: number(POWER_CONSUMPTION, state.load_power),
        }

    async def write(self, values: Mapping[str, Any]) -> None:
        """Send one configuration command: the given values plus the current state of the rest.

        Raises ValueError for a read-only capability or a value the family does not have,
        ``UnknownAcModelError`` when the companion reports no usable AC model,
        ``SettingsWhileOffError`` when settings would change while the AC stays off but its remote
        only has a fixed "off" code, and ``MalformedReplyError`` when a setting the command needs
        neither comes with ``values`` nor decodes from the current state. Nothing is sent in these
        cases.
        """
        fields = {key: self.description.fields[key] for key in values}
        if any(not field.writable for field in fields.values()):
            raise ValueError(f"read-only capability among {sorted(values)}")
        wanted = self._wire_values(values)
        current = await self._read_state()
        if SWING_VERTICAL in values:
            # Keep the remote's own swing codes: a unit that reports Chigo's gets Chigo's back
            on_off = _SWING_CODES[bool(values[SWING_VERTICAL])]
            wanted["swing"] = on_off[1] if current.swing in _CHIGO_SWING else on_off[0]
        state = replace(current, **wanted)
        if not state.model_usable:
            raise UnknownAcModelError(f"no usable AC model in the companion: {state.ac_model!r}")
        changed = sorted(name for name, value in wanted.items() if getattr(current, name) != value)
        if not state.power and set(changed) - {"power"} and has_fixed_off_command(state.ac_model):
            raise SettingsWhileOffError(f"the AC's off code cannot carry {changed}")
        if (
            state.power is None
            or state.mode is None
            or state.fan_speed is None
            or state.swing is None
            or state.target_temperature is None
            # python-miio writes the temperature as plain hex, which must be two digits long
            or not _WIRE_TEMPERATURE_MIN <= state.target_temperature <= _WIRE_TEMPERATURE_MAX
        ):
            raise MalformedReplyError(f"the companion's state does not decode: {state}")
        command = build_configuration_command(
            state.ac_model,
            power=state.power,
            mode=state.mode,
            target_temperature=state.target_temperature,
            fan_speed=state.fan_speed,
            swing=state.swing,
            # A state without a known LED code gets "off", what the community component always sends
            led=state.led or Led.Off.value,
        )
        await self.client.send(METHOD_SEND_COMMAND, [command])

    async def _read_state(self) -> CompanionState:
        return decode_state(await self.client.send(METHOD_GET_STATE))

    def _wire_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Turn canonical values into CompanionState changes (python-miio's wire values).

        Swing is left out: its code depends on the remote, known only from the current state.
        """
        fields = self.description.fields
        wire: dict[str, Any] = {}
        for key, value in values.items():
            if key == POWER:
                wire["power"] = bool(value)
            elif key == TARGET_TEMPERATURE:
                wire["target_temperature"] = self._wire_temperature(value)
            elif key != SWING_VERTICAL:  # mode or fan_mode, the other writable keys
                choices = fields[key].values or {}
                if value not in choices:
                    raise ValueError(f"{key} {value!r} is not one of {list(choices)}")
                wire["mode" if key == MODE else "fan_speed"] = choices[value]
        return wire

    def _wire_temperature(self, value: Any) -> int:
        description = self.description
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not float(value).is_integer()
            or not description.min_temperature <= value <= description.max_temperature
        ):
            raise ValueError(
                f"target temperature {value!r} is not a whole degree from "
                f"{description.min_temperature:g} to {description.max_temperature:g}"
            )
        return int(value)
