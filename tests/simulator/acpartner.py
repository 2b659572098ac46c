"""Simulated Aqara/Xiaomi AC companions lumi.acpartner.v1/v2/v3.

These companions answer methods that a ``Profile`` cannot express (``get_model_and_state`` returns
one composed hex string, ``send_cmd`` takes a whole configuration), so they are a subclass of
``SimulatedDevice`` that adds its own handlers. The settings live in ``props`` as separate keys
(python-miio's wire values), and the strings on the wire are composed from them:

- ``get_model_and_state`` answers ``[ac_model, state, load_power]``. The state string is laid out
  as ``model[0:2] + power mode fan swing temperature(2 hex) led + model[-1] + model[8:16]``. That
  layout is inferred from the three captured answers in python-miio's documentation (it reproduces
  all three); python-miio's own decoder reads it back in the tests. The load power goes out as a
  string of whole watts, as in those captured answers.
- ``send_cmd`` accepts exactly the configuration commands python-miio's ``send_configuration``
  builds for the paired AC model: the command is parsed with the template python-miio keeps for
  the model (its ``DEVICE_COMMAND_TEMPLATES``, fallback included), then rebuilt with python-miio
  from the parsed settings and compared. Anything else gets ``-5001 invalid_arg`` and changes
  nothing (simulator choice: a real companion's answer to a malformed command is not known).
- ``set_power`` (``["on"]``/``["off"]``), what python-miio's ``on()``/``off()`` send, switches
  power only. The v3 also has a socket: ``get_device_prop ["lumi.0", "plug_state"]`` and
  ``toggle_plug``.

Firmware and hardware versions and the default AC model are simulator choices; the default model
is the captured example from python-miio's documentation (a remote without a dedicated template).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from miio.airconditioningcompanion import (
    DEVICE_COMMAND_TEMPLATES,
    MODEL_ACPARTNER_V2,
    POWER_OFF,
    AirConditioningCompanion,
    FanSpeed,
    Led,
    OperationMode,
    Power,
    SwingMode,
)

from .device import SimulatedDevice
from .methods import RequestError
from .profiles import ERROR_INVALID_ARG, ClimateModel, Profile

ACPARTNER_V1_MODEL: Final = "lumi.acpartner.v1"
ACPARTNER_V2_MODEL: Final = "lumi.acpartner.v2"
ACPARTNER_V3_MODEL: Final = "lumi.acpartner.v3"

# The AC model code of python-miio's documented v2 answer: its remote has no dedicated template.
DEFAULT_AC_MODEL: Final = "010500978022222102"
OK: Final = ["ok"]

_FALLBACK: Final = "fallback"
_MARKER: Final = re.compile(r"\[(\w+)\]")


def _choice(name: str, values: Any) -> str:
    return f"(?P<{name}>[{''.join(str(member.value) for member in values)}])"


# What each marker of python-miio's templates may expand to; [tt1], [tt4] and [tt7] are derived
# from the temperature, which the rebuild with python-miio checks.
_MARKER_PATTERNS: Final = MappingProxyType(
    {
        "po": _choice("po", Power),
        "mo": _choice("mo", OperationMode),
        "wi": _choice("wi", FanSpeed),
        "sw": _choice("sw", SwingMode),
        "li": _choice("li", Led),
        "tt": "(?P<tt>[0-9A-F]{2})",
        "tt1": "[0-9A-F]",
        "tt4": "[0-9A-F]",
        "tt7": "[0-9A-F]",
    }
)

_DEFAULTS: Final = MappingProxyType(
    {
        "ac_model": DEFAULT_AC_MODEL,
        "power": Power.Off.value,
        "mode": OperationMode.Cool.value,
        "fan_speed": FanSpeed.Auto.value,
        "swing": SwingMode.Off.value,
        "target_temperature": 26,
        "led": Led.On.value,
        "load_power": 2.0,
        "plug_state": "on",
    }
)

_CLIMATE: Final = ClimateModel(
    power_key="power",
    on_value=Power.On.value,
    mode_key="mode",
    cooling=(OperationMode.Cool.value,),
    heating=(OperationMode.Heat.value,),
    drying=(OperationMode.Dehumidify.value,),
    target_key="target_temperature",
    load_power_key="load_power",
)


def _profile(model: str, fw_ver: str) -> Profile:
    return Profile(
        model=model,
        family="air_conditioner",
        fw_ver=fw_ver,
        hw_ver="MW300",
        defaults=_DEFAULTS,
        climate=_CLIMATE,
    )


ACPARTNER_V1: Final = _profile(ACPARTNER_V1_MODEL, "1.2.1_38")
ACPARTNER_V2: Final = _profile(ACPARTNER_V2_MODEL, "1.4.1_148")
ACPARTNER_V3: Final = _profile(ACPARTNER_V3_MODEL, "1.4.1_164")

ACPARTNER_PROFILES: Final[Mapping[str, Profile]] = MappingProxyType(
    {profile.model: profile for profile in (ACPARTNER_V1, ACPARTNER_V2, ACPARTNER_V3)}
)

# Models that are also a switchable socket.
_SOCKET_MODELS: Final = frozenset({ACPARTNER_V3_MODEL})


class _CommandBuilder(AirConditioningCompanion):
    """python-miio's companion with sending replaced by returning the built command."""

    def send_command(self, command: str) -> str:
        return command


_BUILDER: Final = _CommandBuilder(model=MODEL_ACPARTNER_V2)


def compose_state(props: Mapping[str, Any]) -> str:
    """Compose the state string ``get_model_and_state`` reports for the settings in ``props``."""
    model = props["ac_model"]
    settings = (
        f"{props['power']}{props['mode']}{props['fan_speed']}{props['swing']}"
        f"{props['target_temperature']:02X}{props['led']}"
    )
    return f"{model[0:2]}{settings}{model[-1:]}{model[8:16]}"


def _command_prefix(ac_model: str) -> str:
    return ac_model[0:2] + ac_model[8:16]


def _template(ac_model: str) -> Mapping[str, str]:
    return DEVICE_COMMAND_TEMPLATES.get(
        _command_prefix(ac_model), DEVICE_COMMAND_TEMPLATES[_FALLBACK]
    )


def _command_pattern(ac_model: str) -> re.Pattern[str]:
    parts = _MARKER.split(_template(ac_model)["base"])
    # split() alternates literal text and marker names
    body = "".join(
        _MARKER_PATTERNS[part] if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(re.escape(_command_prefix(ac_model)) + body + re.escape(ac_model[-1:]))


def parse_command(ac_model: str, command: str, led: str) -> dict[str, Any] | None:
    """Return the settings a configuration command sets, or None if python-miio would not build it.

    ``led`` is the current LED code, kept by templates that do not carry one.
    """
    template = _template(ac_model)
    if POWER_OFF in template and command == _command_prefix(ac_model) + template[POWER_OFF]:
        return {"power": Power.Off.value}
    match = _command_pattern(ac_model).fullmatch(command)
    if match is None:
        return None
    settings: dict[str, Any] = {
        "power": int(match["po"]),
        "mode": int(match["mo"]),
        "fan_speed": int(match["wi"]),
        "swing": match["sw"],
        "target_temperature": int(match["tt"], 16),
        "led": match.groupdict().get("li") or led,
    }
    rebuilt = _BUILDER.send_configuration(
        ac_model,
        Power(settings["power"]),
        OperationMode(settings["mode"]),
        settings["target_temperature"],
        FanSpeed(settings["fan_speed"]),
        SwingMode(settings["swing"]),
        Led(settings["led"]),
    )
    return settings if rebuilt == command else None


def _on_off(params: Any) -> str:
    if params not in (["on"], ["off"]):
        raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
    return str(params[0])


class SimulatedAcPartner(SimulatedDevice):
    """A v-series AC companion: the settings in ``props``, the hex strings on the wire."""

    @property
    def state_hex(self) -> str:
        """The state string the companion reports right now."""
        return compose_state(self.props)

    def _build_handlers(self) -> dict[str, Any]:
        handlers = super()._build_handlers()
        handlers["get_model_and_state"] = self._get_model_and_state
        handlers["send_cmd"] = self._send_cmd
        handlers["set_power"] = self._set_power
        if self.model in _SOCKET_MODELS:
            handlers["get_device_prop"] = self._get_device_prop
            handlers["toggle_plug"] = self._toggle_plug
        return handlers

    def _get_model_and_state(self, params: Any) -> list[str]:
        return [self.props["ac_model"], self.state_hex, str(round(self.props["load_power"]))]

    def _send_cmd(self, params: Any) -> list[str]:
        if not (isinstance(params, list) and len(params) == 1 and isinstance(params[0], str)):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        settings = parse_command(self.props["ac_model"], params[0], self.props["led"])
        if settings is None:
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        self.props.update(settings)
        return OK

    def _set_power(self, params: Any) -> list[str]:
        self.props["power"] = (Power.On if _on_off(params) == "on" else Power.Off).value
        return OK

    def _get_device_prop(self, params: Any) -> list[Any]:
        if not (isinstance(params, list) and params and params[0] == "lumi.0"):
            raise RequestError(ERROR_INVALID_ARG, "invalid_arg")
        return [self.props["plug_state"] if name == "plug_state" else None for name in params[1:]]

    def _toggle_plug(self, params: Any) -> list[str]:
        self.props["plug_state"] = _on_off(params)
        return OK


def create_acpartner(model: str | Profile, host: str, **options: Any) -> SimulatedAcPartner:
    """Describe a v-series companion of ``model`` on ``host``; not yet started."""
    profile = ACPARTNER_PROFILES[model] if isinstance(model, str) else model
    return SimulatedAcPartner(profile, host, **options)
